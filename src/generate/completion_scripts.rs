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
        @VAR@="bash" \
        "@COMPLETER@" -- "${words[@]}" \
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
complete -o nospace -o bashdefault -F _cvpn_complete @BIN@
"#;

/// The template with each `@NAME@` replaced, in one pass: a value is never searched again, so an
/// install path such as `/opt/VARIANT/BIN/cvpn` arrives intact.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('@') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let placeholder =
            values.iter().find(|(name, _)| after.strip_prefix(name).is_some_and(|tail| tail.starts_with('@')));
        match placeholder {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('@');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

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
        let script = fill(BASH_REGISTRATION, &[("COMPLETER", completer), ("BIN", bin), ("VAR", var)]);
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

    #[test]
    fn an_install_path_holding_the_placeholder_names_arrives_intact() {
        let path = "/opt/VARIANT/BIN/COMPLETER@x/cvpn";
        let mut script = Vec::new();
        WholeWordBash.write_registration("COMPLETE", "cvpn", "cvpn", path, &mut script).unwrap();
        let script = String::from_utf8(script).unwrap();
        assert!(script.contains(&format!("\"{path}\" -- ")), "{script}");
        assert!(script.contains("COMPLETE=\"bash\""), "{script}");
        assert!(script.ends_with("-F _cvpn_complete cvpn\n"), "{script}");
        assert!(script.contains("${#COMPREPLY[@]}"), "bash's own @ is kept: {script}");
    }
}
