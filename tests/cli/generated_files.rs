//! The committed completion scripts and man pages are what the binary and the clap definition
//! produce now. After a change to the flags, regenerate them:
//!     CVPN_REGENERATE=1 cargo test --test cli generated_files

use std::path::{Path, PathBuf};

use crate::common::Hermetic;

fn repository_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Compares a committed file with its fresh text, or rewrites it when asked to.
fn check_fresh(relative: &str, fresh: &str, how: &str) -> Option<String> {
    let path = repository_file(relative);
    if std::env::var_os("CVPN_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fresh).unwrap();
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(committed) if committed == fresh => None,
        Ok(_) => Some(format!("{relative} differs from {how}")),
        Err(error) => Some(format!("{relative}: {error}")),
    }
}

const SCRIPTS: [(&str, &str); 5] = [
    ("bash", "completions/cvpn.bash"),
    ("zsh", "completions/_cvpn"),
    ("fish", "completions/cvpn.fish"),
    ("powershell", "completions/_cvpn.ps1"),
    ("elvish", "completions/cvpn.elv"),
];

#[test]
fn committed_completion_scripts_are_what_the_binary_prints() {
    let env = Hermetic::new();
    let stale: Vec<String> = SCRIPTS
        .iter()
        .filter_map(|(shell, file)| {
            let output = env.cvpn().args(["completions", shell]).output().unwrap();
            assert_eq!(output.status.code(), Some(0), "{shell}");
            check_fresh(file, &String::from_utf8(output.stdout).unwrap(), &format!("`cvpn completions {shell}`"))
        })
        .collect();
    assert!(
        stale.is_empty(),
        "{}\nregenerate: CVPN_REGENERATE=1 cargo test --test cli generated_files",
        stale.join("\n")
    );
}

#[test]
fn committed_man_pages_are_what_the_clap_definition_renders() {
    let stale: Vec<String> = cvpn::generate::man_pages::pages()
        .iter()
        .filter_map(|page| {
            check_fresh(&format!("man/{page}"), &cvpn::generate::man_pages::render(page), "the clap definition")
        })
        .collect();
    assert!(
        stale.is_empty(),
        "{}\nregenerate: CVPN_REGENERATE=1 cargo test --test cli generated_files",
        stale.join("\n")
    );
}

#[test]
fn the_completion_variable_prints_the_same_script() {
    let env = Hermetic::new();
    for (shell, _) in SCRIPTS {
        let by_variable = env.cvpn().env("COMPLETE", shell).output().unwrap();
        let by_command = env.cvpn().args(["completions", shell]).output().unwrap();
        assert_eq!(by_variable.status.code(), Some(0), "{shell}");
        assert!(!by_variable.stdout.is_empty(), "{shell}: COMPLETE={shell} printed nothing");
        assert_eq!(
            String::from_utf8(by_variable.stdout).unwrap(),
            String::from_utf8(by_command.stdout).unwrap(),
            "COMPLETE={shell} cvpn and `cvpn completions {shell}` differ"
        );
    }
}

#[test]
fn the_readme_exit_code_table_is_the_one_cvpn_documents() {
    let readme = std::fs::read_to_string(repository_file("README.md")).unwrap();
    let table = cvpn::failure::exit_codes_markdown();
    assert!(readme.contains(&format!("## Exit codes\n\n{table}\n")), "README.md's exit codes differ from:\n{table}");
}
