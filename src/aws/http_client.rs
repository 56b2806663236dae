//! The HTTP client for a service's calls: only as much TLS as the endpoint needs. Which endpoint
//! a service uses is aws-config's to resolve, as aws CLI v2 does: `--endpoint-url` for every
//! service, else `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `services`
//! section and `endpoint_url`.
//!
//! An `http://` endpoint (a local emulator, a test server) gets a client without TLS, so the
//! system's trusted roots are never loaded, even with a CA bundle set (it is still read, so a
//! wrong path is said); `--ca-bundle`/`AWS_CA_BUNDLE` gets a client that trusts exactly that
//! bundle, as the aws CLI does; `--no-verify-ssl` one that trusts anything,
//! with a warning every time; anything else keeps the SDK's default.

use aws_smithy_http_client::Builder;
use aws_smithy_http_client::tls::{self, TlsContext, TrustStore};
use aws_smithy_runtime_api::client::http::SharedHttpClient;

use crate::aws::session::SessionSettings;
use crate::failure::Failure;

/// The endpoint URL the SDK will use for `service` (its env name: `EC2`, `ACM`) when the command
/// line or the environment fixes it.
pub(in crate::aws) fn fixed_endpoint(settings: &SessionSettings, service: &str) -> Option<String> {
    if let Some(url) = &settings.endpoint_url {
        return Some(url.clone());
    }
    let ignored =
        std::env::var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_ok_and(|value| value.eq_ignore_ascii_case("true"));
    if ignored {
        return None;
    }
    [format!("AWS_ENDPOINT_URL_{service}"), "AWS_ENDPOINT_URL".to_owned()]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|url| !url.is_empty()))
}

/// Whether `url` is plain HTTP to another machine: what a request carrying a secret (an ACM
/// import holds a private key) must never go to.
pub fn is_plain_http_elsewhere(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("http://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map(|(_, host)| host).unwrap_or(authority);
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    !loopback
}

/// Refuses, before anything is sent, a secret bound for `service` (its env name: `ACM`,
/// `SECRETS_MANAGER`) over plain HTTP to another machine.
pub fn check_secrets_stay_private(settings: &SessionSettings, service: &str) -> Result<(), Failure> {
    let carried = match service {
        "SECRETS_MANAGER" => "the Secrets Manager calls would carry the VPN's CA key",
        _ => "the ACM import would carry the server's private key",
    };
    match fixed_endpoint(settings, service).filter(|url| is_plain_http_elsewhere(url)) {
        Some(url) => Err(Failure::usage(format!(
            "{url} is plain HTTP to another machine, and {carried} there unencrypted; use https:// (or an endpoint \
             on 127.0.0.1 for a local emulator). Nothing was sent."
        ))),
        None => Ok(()),
    }
}

fn ca_bundle(settings: &SessionSettings) -> Option<String> {
    settings.ca_bundle.clone().or_else(|| std::env::var("AWS_CA_BUNDLE").ok().filter(|path| !path.is_empty()))
}

/// The client for `service`'s calls (its env name: `EC2`, `ACM`); `None` keeps the SDK's default.
pub fn http_client(settings: &SessionSettings, service: &str) -> Result<Option<SharedHttpClient>, Failure> {
    if settings.no_verify_ssl {
        crate::output::printer::warning(
            "--no-verify-ssl: the endpoint's TLS certificate is not verified; anyone on the path can read and \
             change this request. Prefer --ca-bundle PATH.",
        );
        return Ok(Some(crate::aws::insecure_tls::unverified_client()));
    }
    let plain_http =
        fixed_endpoint(settings, service).is_some_and(|url| url.to_ascii_lowercase().starts_with("http://"));
    if let Some(path) = ca_bundle(settings) {
        let pem = crate::bounded_file::read(std::path::Path::new(&path), crate::bounded_file::PEM_FILE_BYTES)
            .map_err(|error| Failure::usage(format!("--ca-bundle {path}: the CA bundle could not be read: {error}")))?;
        if plain_http {
            // Nothing goes over TLS, and a TLS client would parse the bundle again for every
            // SDK client a command makes (doctor makes twelve).
            return Ok(Some(Builder::new().build_http()));
        }
        let context = TlsContext::builder()
            .with_trust_store(TrustStore::empty().with_native_roots(false).with_pem_certificate(pem))
            .build()
            .map_err(|error| {
                Failure::usage(format!("--ca-bundle {path}: not a PEM bundle of certificates: {error}"))
            })?;
        let client = Builder::new()
            .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::AwsLc))
            .tls_context(context)
            .build_https();
        return Ok(Some(client));
    }
    // `build_http` is the SDK's own TLS-free client; it skips loading some 150 root certificates.
    Ok(plain_http.then(|| Builder::new().build_http()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_go_over_plain_http_only_to_this_machine() {
        for local in [
            "http://127.0.0.1:8787",
            "http://localhost/",
            "http://[::1]:9/x",
            "http://127.1.2.3",
            "https://acm.example.com",
        ] {
            assert!(!is_plain_http_elsewhere(local), "{local}");
        }
        for elsewhere in
            ["http://acm.example.com", "http://10.0.0.5:443/", "http://user@192.168.1.1", "HTTP://[2001:db8::1]:80"]
        {
            assert!(is_plain_http_elsewhere(elsewhere), "{elsewhere}");
        }
    }
}
