//! Completion in real shells: bash, zsh and fish run in tmux with the committed scripts sourced;
//! a line is typed, Tab is pressed, and the test reads what the screen offers.
//!
//! Needs tmux, bash, zsh and fish. A test whose shell is missing says so and passes without
//! running, so that the README's test command works on a machine with only Rust; `.ci/run`
//! installs the shells and sets CVPN_REQUIRE_SHELLS=1, under which a missing shell fails.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{Hermetic, cvpn_binary};

struct Terminal {
    socket: String,
    _env: Hermetic,
}

fn installed(program: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {program}")).output().unwrap().status.success()
}

/// Whether the programs a test drives are here; when one is not, the test is skipped with a line
/// that says why, or fails under CVPN_REQUIRE_SHELLS=1.
fn programs_present(programs: &[&str]) -> bool {
    let missing: Vec<&str> = programs.iter().copied().filter(|program| !installed(program)).collect();
    if missing.is_empty() {
        return true;
    }
    let required = std::env::var("CVPN_REQUIRE_SHELLS").is_ok_and(|value| value == "1");
    let install = format!("apt-get install {}", missing.join(" "));
    assert!(!required, "CVPN_REQUIRE_SHELLS=1 and {missing:?} not installed: {install} (.ci/run installs them)");
    eprintln!("skipped: {} not installed ({install}; CVPN_REQUIRE_SHELLS=1 makes this a failure)", missing.join(", "));
    false
}

fn repository_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

impl Terminal {
    /// A shell in a detached tmux session, with `cvpn` on its PATH and the setup lines typed;
    /// `None` when tmux or the shell is not installed (see `programs_present`).
    fn start(shell: &str, setup: &[String]) -> Option<Terminal> {
        if !programs_present(&["tmux", shell]) {
            return None;
        }
        let env = Hermetic::new();
        let bin = env.home.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(cvpn_binary(), bin.join("cvpn")).unwrap();
        std::fs::write(env.home.path().join("logging.json"), "{}").unwrap();
        let socket = format!("cvpn-test-{}-{shell}", std::process::id());
        let command = match shell {
            "bash" => "bash --norc --noprofile",
            "zsh" => "zsh -f",
            "fish" => "fish --no-config",
            other => panic!("unknown shell {other}"),
        };
        let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
        let mut tmux = env.command("tmux");
        tmux.args(["-L", &socket, "-f", "/dev/null", "new-session", "-d", "-x", "220", "-y", "50", command])
            .env("PATH", &path)
            .env("TERM", "xterm-256color");
        assert!(tmux.status().unwrap().success(), "tmux did not start");
        let terminal = Terminal { socket, _env: env };
        for line in setup {
            terminal.keys(&[line, "Enter"]);
        }
        terminal.keys(&["clear", "Enter"]);
        std::thread::sleep(Duration::from_millis(300));
        Some(terminal)
    }

    fn tmux(&self) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket]);
        command
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            let literal = !matches!(*key, "Tab" | "Enter" | "C-c" | "C-u");
            let mut command = self.tmux();
            command.args(["send-keys", "-t", "0"]);
            if literal {
                command.arg("-l");
            }
            assert!(command.arg(key).status().unwrap().success());
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn screen(&self) -> String {
        let output = self.tmux().args(["capture-pane", "-p", "-t", "0"]).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until every text is on the screen; fails with the screen if they do not all appear.
    fn expect(&self, texts: &[&str]) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if texts.iter().all(|text| screen.contains(text)) {
                return;
            }
            assert!(Instant::now() < deadline, "expected {texts:?} on the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types `line`, presses Tab (twice where the shell lists only then), and expects `texts`.
    fn complete(&self, line: &str, tabs: usize, texts: &[&str]) {
        self.keys(&[line]);
        for _ in 0..tabs {
            self.keys(&["Tab"]);
        }
        self.expect(texts);
        self.keys(&["C-c"]);
        self.keys(&["clear", "Enter"]);
        std::thread::sleep(Duration::from_millis(200));
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

fn source_line(script: &str) -> String {
    format!("source {}", repository_file(script).display())
}

/// The cases every shell must handle; `list_tabs` is how many Tabs make the shell list choices.
fn check_cases(terminal: &Terminal, list_tabs: usize) {
    terminal.complete("cvpn cre", 1, &["cvpn create"]);
    terminal.complete("cvpn create --vpn-p", 1, &["cvpn create --vpn-port"]);
    terminal.complete("cvpn create --transport-protocol ", list_tabs, &["tcp", "udp"]);
    terminal.complete("cvpn create --vpn-port ", list_tabs, &["443", "1194"]);
    terminal.complete("cvpn create --session-timeout-hours ", list_tabs, &["8", "10", "12", "24"]);
    terminal.complete("cvpn create --output ", list_tabs, &["json", "yaml-stream", "table", "off"]);
    terminal.complete("cvpn create --endpoint-ip-address-type ", list_tabs, &["ipv4", "ipv6", "dual-stack"]);
    terminal.complete(
        "cvpn create --authentication-options Type=",
        list_tabs,
        &["certificate-authentication", "directory-service-authentication", "federated-authentication"],
    );
    terminal.complete("cvpn create --authentication-options 'Type=fed", 1, &["'Type=federated-authentication"]);
    // Quoted, as shorthand with braces must be for the shell; bash and fish also take it bare.
    terminal.complete(
        "cvpn create --authentication-options 'MutualAuthentication={",
        1,
        &["MutualAuthentication={ClientRootCertificateChainArn="],
    );
    terminal.complete("cvpn create --connection-log-options file://logg", 1, &["file://logging.json"]);
    // Every operation's command, its aws name and short name, and its values from the model.
    terminal.complete("cvpn associate-client-vpn-t", 1, &["cvpn associate-client-vpn-target-network"]);
    terminal.complete("cvpn route-a", 1, &["cvpn route-add"]);
    terminal.complete("cvpn set-policy --shadow-mode ", list_tabs, &["enabled", "disabled"]);
    terminal.complete("cvpn authorize --authorize-all-g", 1, &["cvpn authorize --authorize-all-groups"]);
}

#[test]
fn bash_completes_flags_values_and_shorthand() {
    let Some(terminal) = Terminal::start("bash", &["PS1='$ '".into(), source_line("completions/cvpn.bash")]) else {
        return;
    };
    check_cases(&terminal, 2);
    terminal.complete(
        "cvpn create --authentication-options MutualAuthentication={",
        1,
        &["MutualAuthentication={ClientRootCertificateChainArn="],
    );
}

#[test]
fn zsh_completes_flags_values_and_shorthand() {
    let setup = ["PS1='$ '".into(), "autoload -U compinit && compinit -u".into(), source_line("completions/_cvpn")];
    let Some(terminal) = Terminal::start("zsh", &setup) else { return };
    check_cases(&terminal, 1);
}

#[test]
fn fish_completes_flags_values_and_shorthand() {
    let setup = ["function fish_prompt; echo '$ '; end".into(), source_line("completions/cvpn.fish")];
    let Some(terminal) = Terminal::start("fish", &setup) else { return };
    check_cases(&terminal, 1);
    terminal.complete(
        "cvpn create --authentication-options MutualAuthentication={",
        1,
        &["MutualAuthentication={ClientRootCertificateChainArn="],
    );
}
