//! One module per command, its arguments beside the code that runs them, and here the command
//! line they make together: `Cli`, the `Command` enum, the `--help` listing by group, and the
//! dispatch. The shared argument groups and parsers come from `src/cli/`, which imports no
//! command.

pub mod adopt;
pub mod completions;
pub mod cost;
pub mod create;
pub mod describe_endpoints;
pub mod doctor;
pub mod down;
pub mod dry_run;
pub mod global_options;
pub mod operation;
pub mod pki;
#[cfg(feature = "aws")]
pub mod pki_store;
pub mod show;
pub mod sleep;
pub mod up;
pub mod user;
pub mod vpn;
pub mod wake;

use clap::{Parser, Subcommand};

use crate::cli::flags::OperationCommand;
use crate::cli::{CompletionShell, GlobalArgs};
use crate::failure::exit_codes_help;

/// cvpn: AWS Client VPN from the command line (the description comes from Cargo.toml).
#[derive(Debug, Parser)]
#[command(name = "cvpn", version, about, after_help = exit_codes_help())]
#[command(propagate_version = true, subcommand_required = true, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// From nothing to a ready .ovpn file: certificates, ACM, endpoint, subnets, rules, waits, export.
    #[command(after_help = up::EXAMPLES, after_long_help = format!("{}\n{}", up::EXAMPLES, exit_codes_help()))]
    Up(Box<up::UpArgs>),
    /// Remove everything `cvpn up NAME` made, in the order AWS requires.
    #[command(after_help = down::EXAMPLES, after_long_help = format!("{}\n{}", down::EXAMPLES, exit_codes_help()))]
    Down(down::DownArgs),
    /// Why a client cannot connect, or connects and reaches nothing: every check at once, from the API.
    #[command(after_help = doctor::EXAMPLES, after_long_help = format!("{}\n{}", doctor::EXAMPLES, exit_codes_help()))]
    Doctor(doctor::DoctorArgs),
    /// Stop the association charges while nobody works: the subnets, their security groups and
    /// every manual route are recorded in the endpoint's tags, then every subnet is disassociated.
    #[command(after_help = sleep::EXAMPLES, after_long_help = format!("{}\n{}", sleep::EXAMPLES, exit_codes_help()))]
    Sleep(sleep::SleepArgs),
    /// Associate again what `cvpn sleep` recorded (subnets, security groups, routes), wait until
    /// the endpoint is available, and clear the record.
    #[command(after_help = wake::EXAMPLES, after_long_help = format!("{}\n{}", wake::EXAMPLES, exit_codes_help()))]
    Wake(wake::WakeArgs),
    /// What an endpoint costs now and per month, and what sleeping outside working hours saves;
    /// `--all` lists every endpoint of the region, idle ones marked.
    #[command(after_help = cost::EXAMPLES, after_long_help = format!("{}\n{}", cost::EXAMPLES, exit_codes_help()))]
    Cost(cost::CostArgs),
    /// Put an endpoint made outside cvpn under NAME, with the CA that signed it (an easy-rsa PKI
    /// or a certificate and key): users, revocations and the pki, doctor, sleep and down commands
    /// then work on it as on a VPN `cvpn up` made.
    #[command(after_help = adopt::EXAMPLES, after_long_help = format!("{}\n{}", adopt::EXAMPLES, exit_codes_help()))]
    Adopt(adopt::AdoptArgs),
    /// A VPN's users: a client certificate and configuration each.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Certificates: will those people bring work with Client VPN, and what of a VPN expires when?
    Pki {
        #[command(subcommand)]
        command: pki::PkiCommand,
    },
    /// Create a Client VPN endpoint (aws ec2 create-client-vpn-endpoint).
    #[command(visible_alias = "create-client-vpn-endpoint")]
    #[command(after_help = create::AFTER_HELP, after_long_help = format!("{}\n{}", create::AFTER_HELP, exit_codes_help()))]
    #[command(args_override_self = true)]
    Create(Box<create::CreateArgs>),
    /// List Client VPN endpoints, every page (aws ec2 describe-client-vpn-endpoints).
    #[command(name = "describe-client-vpn-endpoints", visible_alias = "ls")]
    #[command(after_long_help = exit_codes_help(), args_override_self = true)]
    DescribeClientVpnEndpoints(Box<describe_endpoints::DescribeEndpointsArgs>),
    #[command(flatten)]
    Operation(OperationCommand),
    /// Show an endpoint with its networks, rules, routes and connections.
    #[command(after_long_help = exit_codes_help())]
    Show(show::ShowArgs),
    /// Print the completion script for a shell (see README: Shell completion).
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
}

/// The commands that run a whole workflow: (name, about), listed first in `--help`.
const WORKFLOW_COMMANDS: &[(&str, &str)] = &[
    ("up", "Create a VPN from nothing, or finish one: NAME.ovpn ready to use"),
    ("down", "Remove everything `cvpn up` made for a VPN"),
    ("doctor", "Why a client cannot connect, or reaches nothing: every check from the API"),
    ("sleep", "Stop the association charges: subnets recorded in the endpoint's tags, then disassociated"),
    ("wake", "Associate what sleep recorded again: subnets, security groups, routes"),
    ("cost", "What an endpoint costs now and per month; --all lists the region's, idle ones marked"),
    ("adopt", "Bring an endpoint made elsewhere (easy-rsa, console, Terraform) under a VPN name"),
    ("user add", "Issue a user a certificate and write NAME-USER.ovpn"),
    ("user sign", "Sign a user's certificate request: their key never leaves their machine"),
    ("user revoke", "Revoke every certificate of a user (or one) and end their connections"),
    ("user list", "Every user: certificate state, expiry, connected now"),
    ("pki check", "Check certificates people bring (PEM files or ACM ARNs)"),
    ("pki status", "What of a VPN expires, and when; exit 1 when something is due"),
    ("pki renew", "Renew what is due: the server certificate (same ARN), the revocation list"),
    ("pki push", "Move a VPN's local PKI into the team store (Secrets Manager, cvpn/NAME)"),
    ("pki pull", "A local copy of a VPN's PKI from the team store"),
];

/// Commands that are not one operation each: (name, about), listed last in `--help`.
const OTHER_COMMANDS: &[(&str, &str)] = &[("completions", "Print the completion script for a shell")];

/// Commands of a group that are not one operation: (group, name, about), listed after the group's
/// operations.
const VIEWS: &[(crate::api::operation::Group, &str, &str)] = &[(
    crate::api::operation::Group::Endpoints,
    "show",
    "Show an endpoint with its networks, rules, routes and connections",
)];

/// The commands as `--help` lists them: by group, under the name a person types; the aws names
/// work too.
pub fn grouped_commands() -> String {
    use crate::api::operation::Group;
    use crate::api::operations::ALL;
    const NAME_WIDTH: usize = 16;
    let line = |name: &str, about: &str| {
        if name.len() < NAME_WIDTH {
            format!("  {name:<NAME_WIDTH$}{about}\n")
        } else {
            format!("  {name}\n  {:NAME_WIDTH$}{about}\n", "")
        }
    };
    let mut text = String::from("A VPN in one command:\n");
    for (name, about) in WORKFLOW_COMMANDS {
        text.push_str(&line(name, about));
    }
    for group in Group::ALL {
        text.push_str(&format!("{}:\n", group.heading()));
        for operation in ALL.iter().filter(|operation| operation.group == group) {
            let name = operation.short.map(str::to_owned).unwrap_or_else(|| operation.command());
            text.push_str(&line(&name, operation.about));
        }
        for (_, name, about) in VIEWS.iter().filter(|(of, _, _)| *of == group) {
            text.push_str(&line(name, about));
        }
    }
    text.push_str("Other:\n");
    for (name, about) in OTHER_COMMANDS {
        text.push_str(&line(name, about));
    }
    text.push_str(
        "\nEvery command also answers to its aws CLI name, with the aws CLI's flags:\n  \
         cvpn associate-client-vpn-target-network --client-vpn-endpoint-id ID --subnet-id SUBNET\n\
         `cvpn COMMAND --help` shows a command's flags.\n",
    );
    text
}

/// The clap command, its `--help` listing the commands by group.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{}\nOptions:\n{{options}}{{after-help}}",
        grouped_commands()
    );
    Cli::command().help_template(template)
}

/// Runs the parsed command; the exit code, or the failure to report. With the PKI in Secrets
/// Manager, a command on a VPN's certificates runs on a private copy of them (`pki_store`).
#[cfg(feature = "aws")]
pub fn run(cli: &mut Cli) -> Result<u8, crate::failure::Failure> {
    use crate::cli::PkiStore;
    let target = store_target(&cli.command);
    let store = match pki_store::chosen(&cli.global)? {
        Some(store) => store,
        None if target.is_some() => pki_store::profile_store(&cli.global)?.unwrap_or(PkiStore::Local),
        None => PkiStore::Local,
    };
    match target {
        Some(target) if store == PkiStore::Secretsmanager => {
            check_before_the_store(&cli.command)?;
            cli.global.pki_store = Some(PkiStore::Secretsmanager);
            let (connection, checkout) = pki_store::open(&cli.global, &target)?;
            if let Some(pki_dir) = pki_dir_of(&mut cli.command) {
                *pki_dir = Some(checkout.dir().to_path_buf());
            }
            let outcome = dispatch(&cli.global, &cli.command);
            pki_store::close(&connection, checkout, outcome)
        }
        _ => dispatch(&cli.global, &cli.command),
    }
}

/// What a command does with a VPN's PKI, when it works on one by name.
#[cfg(feature = "aws")]
fn store_target(command: &Command) -> Option<pki_store::Target> {
    use pki_store::{Target, Use};
    let target = |vpn: &str, users: &[&String], pki_dir: &Option<std::path::PathBuf>, how: Use| Target {
        vpn: vpn.to_owned(),
        users: users.iter().map(|user| user.to_string()).collect(),
        pki_dir_given: pki_dir.is_some(),
        how,
    };
    match command {
        Command::Up(args) => {
            Some(target(&args.name, &[], &args.pki_dir, Use::Make { kms_key_id: args.kms_key_id.clone() }))
        }
        Command::Adopt(args) => {
            Some(target(&args.name, &[], &args.pki_dir, Use::Make { kms_key_id: args.kms_key_id.clone() }))
        }
        Command::Down(args) => Some(target(&args.name, &[], &args.pki_dir, Use::Remove { purge: args.purge })),
        // An endpoint ID names no VPN until its tags are read: doctor then works without the PKI.
        Command::Doctor(args) => args
            .target
            .as_deref()
            .filter(|name| !name.starts_with(crate::api::model::ENDPOINT_ID_PREFIX))
            .map(|name| target(name, &[], &args.pki_dir, Use::ReadIfThere)),
        Command::User { command } => Some(match command {
            user::UserCommand::Add(args) => target(&args.name, &[&args.user], &args.issue.pki_dir, Use::Change),
            user::UserCommand::Sign(args) => {
                let users: Vec<&String> = args.user.iter().collect();
                target(&args.name, &users, &args.issue.pki_dir, Use::Change)
            }
            user::UserCommand::Revoke(args) => target(&args.name, &[&args.user], &args.pki_dir, Use::Change),
            user::UserCommand::List(args) => target(&args.name, &[], &args.pki_dir, Use::Change),
        }),
        Command::Pki { command } => match command {
            pki::PkiCommand::Status(args) => Some(target(&args.name, &[], &args.pki_dir, Use::Change)),
            pki::PkiCommand::Renew(args) => Some(target(&args.name, &[], &args.pki_dir, Use::Change)),
            _ => None,
        },
        _ => None,
    }
}

/// The `--pki-dir` of a command `store_target` names.
#[cfg(feature = "aws")]
fn pki_dir_of(command: &mut Command) -> Option<&mut Option<std::path::PathBuf>> {
    match command {
        Command::Up(args) => Some(&mut args.pki_dir),
        Command::Adopt(args) => Some(&mut args.pki_dir),
        Command::Down(args) => Some(&mut args.pki_dir),
        Command::Doctor(args) => Some(&mut args.pki_dir),
        Command::User { command } => Some(match command {
            user::UserCommand::Add(args) => &mut args.issue.pki_dir,
            user::UserCommand::Sign(args) => &mut args.issue.pki_dir,
            user::UserCommand::Revoke(args) => &mut args.pki_dir,
            user::UserCommand::List(args) => &mut args.pki_dir,
        }),
        Command::Pki { command } => match command {
            pki::PkiCommand::Status(args) => Some(&mut args.pki_dir),
            pki::PkiCommand::Renew(args) => Some(&mut args.pki_dir),
            _ => None,
        },
        _ => None,
    }
}

/// The checks a command makes of its own flags, made before the store is read, so that bad
/// input is refused with nothing sent.
#[cfg(feature = "aws")]
fn check_before_the_store(command: &Command) -> Result<(), crate::failure::Failure> {
    match command {
        Command::Up(args) => up::check(args),
        Command::Adopt(args) => adopt::check_names(args),
        _ => Ok(()),
    }
}

#[cfg(feature = "aws")]
fn dispatch(global: &crate::cli::GlobalArgs, command: &Command) -> Result<u8, crate::failure::Failure> {
    match command {
        Command::Create(args) => create::run(global, args),
        Command::DescribeClientVpnEndpoints(args) => describe_endpoints::run(global, args),
        Command::Operation(command) => operation::run(global, command.args()),
        Command::Show(args) => show::run(global, args),
        Command::Up(args) => up::run(global, args),
        Command::Down(args) => down::run(global, args),
        Command::Doctor(args) => doctor::run(global, args),
        Command::Sleep(args) => sleep::run(global, args),
        Command::Wake(args) => wake::run(global, args),
        Command::Cost(args) => cost::run(global, args),
        Command::Adopt(args) => adopt::run(global, args),
        Command::User { command } => user::run(global, command),
        Command::Pki { command } => pki::run(global, command),
        Command::Completions { shell } => Ok(completions::run(*shell)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::OutputFormat;
    use crate::cli::flags::GivenValue;
    use crate::commands::create::CreateArgs;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let before = Cli::try_parse_from(["cvpn", "--region", "eu-west-1", "create", "--server-cert", "a"]).unwrap();
        let after = Cli::try_parse_from(["cvpn", "create", "--server-cert", "a", "--region", "eu-west-1"]).unwrap();
        assert_eq!(before.global.region.as_deref(), Some("eu-west-1"));
        assert_eq!(after.global.region.as_deref(), Some("eu-west-1"));
    }

    fn create(args: &[&str]) -> CreateArgs {
        let argv = ["cvpn", "create"].iter().chain(args);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Create(args) => *args,
            other => panic!("not create: {other:?}"),
        }
    }

    fn words(words: &[&str]) -> GivenValue {
        GivenValue::Words(words.iter().map(|word| (*word).to_owned()).collect())
    }

    #[test]
    fn list_flags_take_several_words_and_the_last_occurrence_wins() {
        let args = create(&["--server-cert", "a", "--dns-servers", "1.1.1.1", "8.8.8.8"]);
        assert_eq!(args.aws.value("DnsServers"), Some(&words(&["1.1.1.1", "8.8.8.8"])));
        let args = create(&["--server-cert", "a", "--dns-servers", "1.1.1.1", "--dns-servers", "9.9.9.9"]);
        assert_eq!(args.aws.value("DnsServers"), Some(&words(&["9.9.9.9"])));
        let args = create(&["--server-cert", "a", "--authentication-options", "--vpc-id", "v"]);
        assert_eq!(args.aws.value("AuthenticationOptions"), Some(&words(&[])));
    }

    #[test]
    fn boolean_pairs_and_scalars_are_last_wins() {
        let args = create(&["--server-cert", "a", "--dry-run", "--no-dry-run", "--vpc-id", "a", "--vpc-id", "b"]);
        assert_eq!(args.aws.value("DryRun"), Some(&GivenValue::Boolean(false)));
        assert_eq!(args.aws.value("VpcId"), Some(&GivenValue::Word("b".to_owned())));
        let args = create(&["--server-cert", "a", "--no-split-tunnel", "--split-tunnel"]);
        assert_eq!(args.aws.value("SplitTunnel"), Some(&GivenValue::Boolean(true)));
    }

    #[test]
    fn short_flags_for_the_usual_case() {
        let cli = Cli::try_parse_from([
            "cvpn",
            "-o",
            "text",
            "-r",
            "eu-west-1",
            "create",
            "-c",
            "10.0.0.0/22",
            "-s",
            "arn:s",
            "-t",
            "a=b",
        ])
        .unwrap();
        assert_eq!(cli.global.output, Some(OutputFormat::Text));
        let Command::Create(args) = cli.command else { panic!("not create") };
        assert_eq!(args.aws.value("ClientCidrBlock"), Some(&GivenValue::Word("10.0.0.0/22".to_owned())));
        assert_eq!(args.aws.value("ServerCertificateArn"), Some(&GivenValue::Word("arn:s".to_owned())));
        assert_eq!(args.tags, ["a=b"]);
    }

    #[test]
    fn tags_accumulate() {
        let args = create(&["--server-cert", "a", "--tag", "a=1", "--tag", "b=2"]);
        assert_eq!(args.tags, ["a=1", "b=2"]);
    }

    #[test]
    fn boolean_flags_take_no_value() {
        assert!(Cli::try_parse_from(["cvpn", "create", "--server-cert", "a", "--dry-run", "true"]).is_err());
    }
}
