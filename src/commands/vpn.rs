//! What the commands that work on one VPN share (`user …`, `pki status`, `pki renew`): its
//! directory, locked for the run, with its CA; and its endpoint, found by name on a new
//! connection.

use crate::failure::Failure;

/// The VPN's directory, locked for this run, and its CA, after the names are checked; a VPN
/// without a CA is refused.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub fn vpn_with_ca(
    name: &str,
    user: Option<&str>,
    pki_dir: Option<&std::path::Path>,
) -> Result<(crate::pki::store::VpnPki, crate::pki::Identity, crate::private_files::DirectoryLock), Failure> {
    let mut problems = Vec::new();
    if let Err(problem) = crate::provision::check_vpn_name(name) {
        problems.push(problem);
    }
    if let Some(Err(problem)) = user.map(crate::pki::store::check_user) {
        problems.push(format!("USER: {problem}"));
    }
    if !problems.is_empty() {
        return Err(Failure::usage(format!("{}\nNothing was sent.", problems.join("\n"))));
    }
    let dir = crate::provision::vpn_dir(pki_dir, name).map_err(Failure::usage)?;
    if !dir.join("ca.key").exists() {
        return Err(Failure::usage(format!(
            "{} has no CA for {name}: `cvpn up {name} --subnet-id …` makes one (or give --pki-dir)",
            dir.display()
        )));
    }
    let lock = crate::provision::lock_vpn(&dir, name, false)?
        .ok_or_else(|| Failure::usage(format!("{} is not a directory", dir.display())))?;
    crate::provision::check_vpn_keys(&dir)?;
    let pki = crate::pki::store::VpnPki::open(dir, name).map_err(|error| Failure::other(error.0))?;
    let ca = pki
        .existing_ca()
        .map_err(|error| Failure::other(error.0))?
        .ok_or_else(|| Failure::usage(format!("{} has no CA", pki.dir.display())))?;
    Ok((pki, ca, lock))
}

/// NAME's endpoint, found by its Name tag on a new connection, and its ID; `unchanged` says what
/// a failure to find it leaves as it was.
#[cfg(feature = "aws")]
pub async fn endpoint_named(
    global: &crate::cli::GlobalArgs,
    printing: &mut crate::commands::global_options::Printing,
    name: &str,
    unchanged: &str,
) -> Result<(crate::aws::Connection, String), Failure> {
    let connection = crate::commands::global_options::connect(global, printing).await?;
    let endpoint = crate::aws::vpn::the_endpoint_named(&connection, name, unchanged).await?;
    let id = crate::aws::vpn::text(&endpoint, "ClientVpnEndpointId").to_owned();
    Ok((connection, id))
}
