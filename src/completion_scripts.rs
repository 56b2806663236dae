//! The scripts a shell sources to complete cvpn. Each one calls back into cvpn
//! (`COMPLETE=<shell> cvpn -- <words>`), so the binary's own clap definition answers every Tab.
//!
//! Bash gets a registration of its own: readline splits words at `=` and `:`, which would cut
//! `Type=<Tab>` in two; cvpn's script hands cvpn the whole word and trims the answers back to
//! the part readline replaces. In zsh, quote shorthand that holds braces (as the shell needs
//! anyway): zsh completes an unquoted `{` as a brace expansion.

use std::ffi::OsString;
use std::io::Write;

use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Shells, Zsh};

/// The environment variable that asks cvpn for completions.
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Bash with whole words: see the module comment.
pub struct WholeWordBash;

const BASH_REGISTRATION: &str = r#"
_cvpn_complete() {
    local IFS=$' \t\n'
    local line="${COMP_LINE:0:$COMP_POINT}"
    local -a words
    read -ra words <<< "$line"
    if [[ -z "$line" || "$line" =~ [[:space:]]$ ]]; then
        words+=("")
    fi
    local index=$(( ${#words[@]} - 1 ))
    local current="${words[$index]#[\"\']}"
    # readline replaces only the text after its last word break (= or :), inside any opening
    # quote; answers are whole words.
    local before="${current%"$2"}"
    IFS=$'\013'
    COMPREPLY=( $( \
        _CLAP_IFS="$IFS" \
        _CLAP_COMPLETE_INDEX="$index" \
        _CLAP_COMPLETE_COMP_TYPE="${COMP_TYPE}" \
        VAR="bash" \
        "COMPLETER" -- "${words[@]}" \
    ) )
    if [[ $? != 0 ]]; then
        unset COMPREPLY
        return
    fi
    if [[ -n "$before" ]]; then
        COMPREPLY=( "${COMPREPLY[@]#"$before"}" )
    fi
    if [[ ${#COMPREPLY[@]} -eq 1 && ! "${COMPREPLY[0]}" =~ [=/:{\[]$ ]]; then
        COMPREPLY[0]+=" "
    fi
}
complete -o nospace -o bashdefault -F _cvpn_complete BIN
"#;

impl EnvCompleter for WholeWordBash {
    fn name(&self) -> &'static str {
        "bash"
    }

    fn is(&self, name: &str) -> bool {
        name == "bash"
    }

    fn write_registration(
        &self,
        var: &str,
        _name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        let script = BASH_REGISTRATION.replace("COMPLETER", completer).replace("BIN", bin).replace("VAR", var);
        buf.write_all(script.as_bytes())
    }

    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        args: Vec<OsString>,
        current_dir: Option<&std::path::Path>,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        Bash.write_complete(cmd, args, current_dir, buf)
    }
}

/// Every shell cvpn completes in.
pub const SHELLS: Shells<'static> = Shells(&[&WholeWordBash, &Elvish, &Fish, &Powershell, &Zsh]);

/// The script for `shell`, calling the `cvpn` on the PATH.
pub fn registration(shell: &str) -> String {
    let completer = SHELLS.completer(shell).expect("a shell cvpn completes in");
    let mut script = Vec::new();
    completer
        .write_registration(COMPLETE_VAR, "cvpn", "cvpn", "cvpn", &mut script)
        .expect("writing to memory cannot fail");
    String::from_utf8(script).expect("registration scripts are text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_has_a_script_that_calls_cvpn() {
        for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
            let script = registration(shell);
            assert!(script.contains("cvpn"), "{shell}");
            assert!(script.contains(COMPLETE_VAR), "{shell}: {script}");
        }
    }
}
