//! The man pages, cvpn(1) and one per command (cvpn-create(1), cvpn-associate-client-vpn-target-network(1),
//! …), from the same clap definition as `--help`, with the sections a reference page needs
//! beyond the flags.

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

/// The pages, by file name: cvpn(1), create's, and one per operation's command under its aws name.
pub fn pages() -> Vec<String> {
    let mut pages = [
        "cvpn.1",
        "cvpn-up.1",
        "cvpn-down.1",
        "cvpn-doctor.1",
        "cvpn-sleep.1",
        "cvpn-wake.1",
        "cvpn-cost.1",
        "cvpn-adopt.1",
        "cvpn-create.1",
        "cvpn-show.1",
    ]
    .map(str::to_owned)
    .to_vec();
    pages.extend(NESTED.iter().map(|(group, name)| format!("cvpn-{group}-{name}.1")));
    pages.extend(
        crate::api::operations::ALL
            .iter()
            .filter(|operation| operation.name != "CreateClientVpnEndpoint")
            .map(|operation| format!("cvpn-{}.1", operation.command())),
    );
    pages
}

/// Commands under a group (`cvpn user add`), a page each: (group, command).
const NESTED: &[(&str, &str)] = &[
    ("user", "add"),
    ("user", "sign"),
    ("user", "revoke"),
    ("user", "list"),
    ("pki", "check"),
    ("pki", "status"),
    ("pki", "renew"),
    ("pki", "push"),
    ("pki", "pull"),
];

/// What `cvpn pki check` checks, for its page.
const CERTIFICATE_CHECKS: &[(&str, &str)] = &[
    (
        "Files",
        "PEM certificates, private keys (PKCS#8, PKCS#1, SEC1) and chains in any order, sorted by content; a CA certificate is taken as the chain, unless only CA certificates are given (openssl req -x509 marks a self-signed certificate CA:TRUE): then each is checked itself.",
    ),
    (
        "Role",
        "clientAuth alone in the extended key usage: a client certificate; anything else: a server certificate; --role decides instead.",
    ),
    ("Key", "RSA 1024 or 2048 bits only; the private key given must be the certificate's."),
    (
        "Domain",
        "a server certificate needs a subjectAltName DNS name, or a CN that is a host name of two or more labels without _, or ACM records no domain and Client VPN refuses it.",
    ),
    ("Usage", "serverAuth and a keyUsage extension for a server certificate; clientAuth and a CN for a client one."),
    (
        "Chain",
        "the CA that signed the certificate uses the certificate's algorithm (ACM refuses an RSA certificate with an EC CA).",
    ),
    ("Validity", "valid now, X.509 v3; a warning within 30 days of expiry."),
    (
        "ACM",
        "for an ARN, DescribeCertificate: a domain, status ISSUED, key RSA_1024 or RSA_2048, the extended key usage, the region of --region.",
    ),
];

const SHORTHAND: &[(&str, &str)] = &[
    ("--connection-log-options Enabled=true,CloudwatchLogGroup=vpn-logs", "key=value pairs, separated by commas"),
    (
        "--authentication-options Type=certificate-authentication,MutualAuthentication={ClientRootCertificateChainArn=ARN}",
        "a nested structure in braces",
    ),
    (
        "--authentication-options Type=certificate-authentication,... Type=directory-service-authentication,ActiveDirectory={DirectoryId=d-1234567890}",
        "two list elements are two shell words",
    ),
    (
        "--tag-specifications 'ResourceType=client-vpn-endpoint,Tags=[{Key=Name,Value=office},{Key=team,Value=net}]'",
        "a list in brackets; quote it, or the shell expands the braces",
    ),
    (
        "--client-login-banner-options 'Enabled=true,BannerText=\"Hello, world\"'",
        "quotes keep commas in a value (or write \\,)",
    ),
    ("--client-login-banner-options Enabled=true,BannerText@=file://banner.txt", "key@= reads the value from a file"),
    ("--connection-log-options '{\"Enabled\": false}'", "a value starting with { or [ is JSON"),
    ("--authentication-options file://auth.json", "any value can come from a file"),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    ("AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN", "Credentials, used before any profile."),
    ("AWS_PROFILE, AWS_DEFAULT_PROFILE", "The profile to use when --profile is not given, in that order."),
    (
        "AWS_REGION, AWS_DEFAULT_REGION",
        "The region when --region is not given, in that order, before the profile's region.",
    ),
    ("AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL", "The endpoint when --endpoint-url is not given, in that order."),
    ("AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE", "Where the config and credentials files are."),
    ("AWS_DEFAULT_OUTPUT", "The output format when --output is not given, before the profile's output."),
    ("AWS_CLI_ERROR_FORMAT", "The error format when --cli-error-format is not given."),
    ("AWS_MAX_ATTEMPTS, AWS_RETRY_MODE", "Retries (standard mode, 3 attempts, by default)."),
    ("AWS_EC2_METADATA_DISABLED", "true stops any use of the instance metadata service."),
    ("NO_COLOR", "Set to anything: tables are never coloured."),
    ("COMPLETE", "Set by the completion scripts: COMPLETE=bash cvpn prints the bash script."),
];

const FILES: &[(&str, &str)] = &[
    ("~/.aws/config", "Profiles: region, output, credential_process, SSO, roles, endpoint_url, retries."),
    ("~/.aws/credentials", "Profiles' access keys."),
];

/// A table entry as a sentence: a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut characters = text.chars();
    let first = characters.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    format!("{first}{}.", characters.as_str())
}

fn tagged_paragraphs(roff: &mut Roff, items: &[(&str, &str)]) {
    for (tag, text) in items {
        roff.control("TP", []).text([bold(*tag)]).text([roman(*text)]);
    }
}

fn section(roff: &mut Roff, title: &str) {
    roff.control("SH", [title]);
}

fn create_sections(roff: &mut Roff) {
    section(roff, "DEFAULTS");
    roff.text([roman(
        "With no authentication flag, clients use mutual certificate authentication with the server certificate as the \
         client root chain (one CA issued both). With no logging flag, connection logging is off \
         (ConnectionLogOptions Enabled=false). With no --client-token, a random UUID is sent, the same on every retry.",
    )]);
    section(roff, "SHORTHAND SYNTAX");
    roff.text([roman(
        "Structured flags take the aws CLI's shorthand syntax, parsed as the aws CLI parses it, or JSON. Examples:",
    )]);
    tagged_paragraphs(roff, SHORTHAND);
    section(roff, "VALIDATION");
    roff.text([roman(
        "Every rule AWS documents for the call is checked before credentials are read or anything is sent; every \
         problem is reported at once, with the flag, the value, the rule and a fix, and cvpn exits 252. ",
    )]);
    roff.text([bold("--no-validate"), roman(" sends the request as given.")]);
    section(roff, "DRY RUN IN SCRIPTS");
    roff.text([roman("EC2 answers a dry run with an error either way; cvpn answers with its exit code:")]);
    roff.control("EX", []);
    roff.text([roman(
        "if cvpn create -c 10.0.0.0/22 -s \"$CERT\" --dry-run; then\n    cvpn create -c 10.0.0.0/22 -s \"$CERT\"\nfi",
    )]);
    roff.control("EE", []);
    roff.text([roman(
        "A result object (DryRun permitted or denied, Code, Message, RequestId) is printed on stdout in the chosen \
         output format.",
    )]);
    section(roff, "EXAMPLES");
    roff.control("EX", []);
    roff.text([roman(
        "cvpn create --client-cidr 10.0.0.0/22 --server-cert arn:aws:acm:us-east-1:123456789012:certificate/abcd\n\
         cvpn create -c 10.0.0.0/22 -s \"$CERT\" --saml-provider \"$IDP\" --log-group vpn --tag Name=office -o table\n\
         cvpn create --cli-input-yaml file://endpoint.yaml --description override\n\
         cvpn create --generate-cli-skeleton yaml-input > endpoint.yaml",
    )]);
    roff.control("EE", []);
}

/// What `--wait` polls for, on the pages of the commands that take it.
fn wait_section(roff: &mut Roff, wait: &crate::api::operation::Wait) {
    section(roff, "HOW --WAIT WAITS");
    let until = match wait.until {
        Some(state) => format!("until it is {state}"),
        None => "until it is gone".to_owned(),
    };
    roff.text([roman(format!(
        "With --wait, cvpn polls {} every --poll-interval seconds (default 10) {until}, for at most --wait-timeout \
         seconds (default 1800). A failed state exits 254 with AWS's message; a timeout exits 255 naming the last \
         state. On a terminal a spinner shows the state and the time so far; piped, a line per state.",
        wait.describe.command()
    ))]);
}

fn common_sections(roff: &mut Roff, see_also: &str) {
    section(roff, "EXIT STATUS");
    let exit_status: Vec<(String, String)> =
        crate::failure::EXIT_CODES.iter().map(|(code, meaning)| (code.to_string(), sentence(meaning))).collect();
    let exit_status: Vec<(&str, &str)> =
        exit_status.iter().map(|(code, text)| (code.as_str(), text.as_str())).collect();
    tagged_paragraphs(roff, &exit_status);
    section(roff, "ENVIRONMENT");
    tagged_paragraphs(roff, ENVIRONMENT);
    section(roff, "FILES");
    tagged_paragraphs(roff, FILES);
    section(roff, "SEE ALSO");
    roff.text([italic("aws"), roman("(1): "), bold(see_also)]);
}

/// What `cvpn up` and `cvpn down` do, in order, for their pages.
fn workflow_steps(command: &str) -> Option<&'static [&'static str]> {
    match command {
        "up" => Some(&[
            "Checks, before anything is made: the subnets exist, share one VPC and sit one per Availability Zone; \
             the client CIDR misses every block of the VPC; a brought server certificate has a domain, is ISSUED, \
             RSA 1024 or 2048, serverAuth, in the endpoint's region. Every problem at once, exit 252.",
            "Certificates (RSA 2048) in the VPN's directory, mode 0700, keys 0600: a CA, a server certificate for \
             server.NAME.cvpn.internal, a client certificate for --user. Existing ones are kept, never overwritten.",
            "The server certificate imported into ACM with the CA as its chain, tagged Name=NAME and cvpn:vpn=NAME, once.",
            "The endpoint created, tagged Name=NAME and cvpn:vpn=NAME, with a ClientToken kept in the VPN's directory so that a rerun \
             after a lost answer gets the same endpoint.",
            "Every subnet associated; every CIDR block of the VPC authorized for all groups; with --internet a \
             0.0.0.0/0 route through every subnet and its rule. Each change waited for.",
            "The configuration exported, the client certificate and key embedded, a random host label added, \
             written to --config-out (default NAME.ovpn) with mode 0600; a summary printed.",
        ]),
        "down" => Some(&[
            "Routes added by hand deleted (the association's own go with it), each waited for until gone.",
            "Authorization rules revoked, each waited for until gone.",
            "Target networks disassociated, each waited for until gone.",
            "The endpoint deleted, waited for until gone; its kept ClientToken forgotten.",
            "The certificates cvpn imported for NAME deleted from ACM, sent again while ACM answers \
             ResourceInUseException, up to --wait-timeout.",
            "With --purge, the VPN's local certificates removed.",
        ]),
        "sleep" => Some(&[
            "The endpoint found (a NAME as up gave it, or an ID), with its target networks, routes and \
             connections. No association: said, exit 0. Connected clients: refused (exit 252) unless --force.",
            "The record written to the endpoint's tags (cvpn:asleep, cvpn:asleep:subnets, cvpn:asleep:groups, \
             cvpn:asleep:route:N): the subnets, the VPC and security groups, every route added by hand with its \
             description. A rerun adds what is left to what an earlier run recorded.",
            "Every target network disassociated, each waited for until gone. The endpoint, its DNS name, \
             certificates, authorization rules and every .ovpn stay.",
        ]),
        "wake" => Some(&[
            "The record read from the endpoint's tags; none: exit 0 when the VPN has subnets (awake), else 252.",
            "Each recorded subnet associated (one there already is kept), each waited for until associated.",
            "The recorded security groups applied again when the associations got others.",
            "Each recorded route that is missing created with its description, waited for until active.",
            "The record's tags deleted (no other tag); the endpoint's state printed.",
        ]),
        _ => None,
    }
}

/// The text of one page.
pub fn render(page: &str) -> String {
    let mut command = crate::commands::command();
    command.build();
    assert!(pages().iter().any(|known| known == page), "no man page {page}");
    let name = page.strip_suffix(".1").expect("pages end in .1");
    let subcommand = name.strip_prefix("cvpn-");
    let nested = NESTED.iter().find(|(group, name)| subcommand == Some(&format!("{group}-{name}")));
    let man = match subcommand {
        None => Man::new(command),
        Some(sub) => {
            let found = match nested {
                Some((group, name)) => command.find_subcommand(group).and_then(|group| group.find_subcommand(name)),
                None => command.find_subcommand(sub),
            };
            let found = found.unwrap_or_else(|| panic!("no command {sub}"));
            // The page is rendered once per run; clap takes a page name that lives as long as it.
            let name: &'static str = Box::leak(name.to_owned().into_boxed_str());
            Man::new(found.clone().name(name))
        }
    };
    let is_create = subcommand == Some("create");
    let is_top = subcommand.is_none();
    let mut out = Vec::new();
    man.render_title(&mut out).and_then(|()| man.render_name_section(&mut out)).expect("rendering to memory");
    man.render_synopsis_section(&mut out).and_then(|()| man.render_description_section(&mut out)).expect("memory");
    man.render_options_section(&mut out).expect("rendering to memory");
    if is_top {
        man.render_subcommands_section(&mut out).expect("rendering to memory");
    }
    let mut extra = Roff::new();
    if is_create {
        create_sections(&mut extra);
    }
    if let Some(steps) = subcommand.and_then(workflow_steps) {
        extra.control("SH", ["STEPS"]);
        for (number, step) in steps.iter().enumerate() {
            extra.control("TP", []).text([bold(format!("{}.", number + 1))]).control("br", []).text([roman(*step)]);
        }
        let resuming = if matches!(subcommand, Some("sleep" | "wake")) {
            "Every run reads the endpoint and the record in its tags and does only what is missing. After a failure, \
             a kill or Ctrl-C, run the same command again: the VPN ends with exactly the subnets, groups and routes \
             it had, none twice. The record lives in AWS, so any administrator can finish from any machine."
        } else {
            "Every run finds what exists (the endpoint by its Name tag, the certificate cvpn imported by its cvpn:vpn \
             tag, the certificates on disk) and does only what is missing. After a failure, a kill or Ctrl-C, run the \
             same command again: it never makes a second endpoint or imports a second certificate for one NAME. A \
             failure says what was done and prints the command that resumes."
        };
        extra.control("SH", ["RESUMING"]).text([roman(resuming)]);
    }
    if subcommand == Some("doctor") {
        section(&mut extra, "CHECKS");
        let checks: Vec<(&str, &str)> = crate::doctor::CHECKS.iter().map(|check| (check.name, check.about)).collect();
        tagged_paragraphs(&mut extra, &checks);
        extra.text([roman(
            "Each finding has a severity (problem, warning, info), what it means and the fix as a command. Exit 0 when \
             there is no problem (warnings allowed), 1 when there is one; the report goes to stdout in the chosen \
             output format.",
        )]);
    }
    if subcommand == Some("pki-check") {
        section(&mut extra, "CHECKS");
        tagged_paragraphs(&mut extra, CERTIFICATE_CHECKS);
        extra.text([roman(
            "Every problem is printed with its fix (the easy-rsa or openssl command that makes a usable certificate). \
             Exit 0 when every certificate is usable, 252 when one is not; the report goes to stdout in the chosen \
             output format.",
        )]);
    }
    let operation = subcommand.and_then(crate::api::operations::by_command);
    if let Some(wait) = operation.and_then(|operation| operation.wait.as_ref()) {
        wait_section(&mut extra, wait);
    }
    let see_also = match (is_create, operation) {
        (true, _) => "aws ec2 create-client-vpn-endpoint help".to_owned(),
        (false, Some(operation)) => format!("aws ec2 {} help", operation.command()),
        (false, None) => "aws ec2 help".to_owned(),
    };
    common_sections(&mut extra, &see_also);
    man.render_version_section(&mut out).expect("rendering to memory");
    let mut text = String::from_utf8(out).expect("roff is text");
    text.push_str(&extra.to_roff());
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_create_page_documents_flags_defaults_shorthand_dry_run_exit_codes_environment_and_files() {
        let page = render("cvpn-create.1");
        for expected in [
            "client\\-cidr\\-block",
            "authentication\\-options",
            "no\\-validate",
            "DEFAULTS",
            "SHORTHAND SYNTAX",
            "DRY RUN IN SCRIPTS",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "AWS_DEFAULT_OUTPUT",
            "252",
        ] {
            assert!(page.contains(expected), "cvpn-create.1 lacks {expected}");
        }
        assert!(render("cvpn.1").contains("completions"));
        let associate = render("cvpn-associate-client-vpn-target-network.1");
        assert!(associate.contains("HOW --WAIT WAITS") && associate.contains("until it is associated"), "{associate}");
        assert!(associate.contains("aws ec2 associate\\-client\\-vpn\\-target\\-network help"), "{associate}");
    }
}
