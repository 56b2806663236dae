//! Settings read as the aws CLI v2 reads them: flags, environment, ~/.aws/config and credentials.
//! The only module that touches aws-config.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::ProvideCredentials;
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_types::os_shim_internal::{Env, Fs};

use crate::failure::Failure;
use crate::input::param_value::expand_home;

/// The aws CLI v2 waits 60 seconds for a connection and for a response unless told otherwise.
const DEFAULT_TIMEOUT_SECONDS: u64 = 60;

/// What the command line settles about reaching AWS, as plain values: this floor never sees clap.
#[derive(Debug, Clone, Default)]
pub struct SessionSettings {
    /// `--endpoint-url`: every service a command calls goes there.
    pub endpoint_url: Option<String>,
    pub region: Option<String>,
    pub profile: Option<String>,
    /// Seconds; `0` waits forever; `None` is the aws CLI's 60.
    pub connect_timeout: Option<u64>,
    pub read_timeout: Option<u64>,
    pub ca_bundle: Option<String>,
    pub no_verify_ssl: bool,
}

/// What a call needs: the loaded configuration and credentials resolved once.
pub struct Session {
    pub config: SdkConfig,
    pub credentials: Credentials,
    pub profile: Option<String>,
    /// The selected profile's `output` setting, if it has one.
    pub profile_output: Option<String>,
    /// The selected profile's `cvpn_pki_store` setting (where VPNs' PKIs live), if it has one.
    pub profile_pki_store: Option<String>,
}

/// The profile named by flag, else AWS_PROFILE, else AWS_DEFAULT_PROFILE (aws CLI v2 order).
fn selected_profile(settings: &SessionSettings) -> Option<String> {
    settings.profile.clone().or_else(|| {
        ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
    })
}

/// Connect and read timeouts from the flags; `0` means no limit, as in the aws CLI.
fn timeouts(settings: &SessionSettings) -> TimeoutConfig {
    let mut builder = TimeoutConfig::builder();
    match settings.connect_timeout.unwrap_or(DEFAULT_TIMEOUT_SECONDS) {
        0 => builder = builder.disable_connect_timeout(),
        seconds => builder = builder.connect_timeout(Duration::from_secs(seconds)),
    }
    match settings.read_timeout.unwrap_or(DEFAULT_TIMEOUT_SECONDS) {
        0 => builder = builder.disable_read_timeout(),
        seconds => builder = builder.read_timeout(Duration::from_secs(seconds)),
    }
    builder.build()
}

/// Refuses an endpoint URL without a scheme before anything else happens, with the aws wording.
pub fn check_endpoint_url(url: &str) -> Result<(), Failure> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "Bad value for --endpoint-url \"{url}\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/"
    )))
}

fn endpoints_ignored() -> bool {
    std::env::var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_ok_and(|value| value.eq_ignore_ascii_case("true"))
}

/// The endpoint variables of the environment that would apply, checked as `--endpoint-url` is:
/// the SDK takes an empty one for a URL and stops with a panic, and one without a scheme fails
/// only after the request is made. Services are named by their env names (`EC2`, `ACM`).
pub fn check_endpoint_variables(services: &[&str]) -> Result<(), Failure> {
    if endpoints_ignored() {
        return Ok(());
    }
    let names = services.iter().map(|service| format!("AWS_ENDPOINT_URL_{service}"));
    for name in names.chain(std::iter::once("AWS_ENDPOINT_URL".to_owned())) {
        let Ok(url) = std::env::var(&name) else { continue };
        if url.trim().is_empty() {
            return Err(Failure::usage(format!(
                "{name} is set but empty: set it to an endpoint URL (http://<hostname>/ or https://<hostname>/) or \
                 unset it. Nothing was sent."
            )));
        }
        check_endpoint_url(&url).map_err(|_| {
            Failure::usage(format!(
                "Bad value for {name} \"{url}\": scheme is missing.  Must be of the form http://<hostname>/ or \
                 https://<hostname>/"
            ))
        })?;
    }
    Ok(())
}

fn where_credentials_are_looked_for(profile: Option<&str>) -> String {
    let (config_file, credentials_file) = (config_file_path(), credentials_file_path());
    format!(
        "Looked in: the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), the profile '{}' in {credentials_file} \
         and {config_file} (keys, credential_process, SSO, role), web identity (AWS_WEB_IDENTITY_TOKEN_FILE), \
         the container endpoint and the instance metadata service.",
        profile.unwrap_or("default")
    )
}

/// The AWS config and credentials files, read once: aws-config is given their text, and cvpn
/// reads the selected profile's own settings (`output`) from the same text.
struct ConfigFiles {
    files: EnvConfigFiles,
    profiles: Option<aws_config::profile::ProfileSet>,
}

fn read_if_present(path: &str) -> Result<String, Failure> {
    let expanded = expand_home(path);
    match crate::bounded_file::read_text(&expanded, crate::bounded_file::PEM_FILE_BYTES) {
        Ok(text) => Ok(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(error) => Err(Failure::configuration(format!("Could not read {}: {error}", expanded.display()))),
    }
}

async fn read_config_files(profile: Option<&str>) -> Result<ConfigFiles, Failure> {
    let files = EnvConfigFiles::builder()
        .include_default_config_file(false)
        .include_default_credentials_file(false)
        .with_contents(EnvConfigFileKind::Config, read_if_present(&config_file_path())?)
        .with_contents(EnvConfigFileKind::Credentials, read_if_present(&credentials_file_path())?)
        .build();
    let selected = profile.map(|name| name.to_owned().into());
    let profiles = match aws_config::profile::load(&Fs::real(), &Env::real(), &files, selected).await {
        Ok(profiles) => Some(profiles),
        // No file at all, or an empty one: nothing to read settings from.
        Err(_) if profile.is_none() => None,
        Err(error) => return Err(Failure::configuration(format!("The AWS config files could not be read: {error}"))),
    };
    Ok(ConfigFiles { files, profiles })
}

/// A profile named by flag or environment must exist, or the user meant something else: refuse
/// rather than fall back to other credentials.
fn check_profile_exists(name: &str, profiles: Option<&aws_config::profile::ProfileSet>) -> Result<(), Failure> {
    if profiles.is_some_and(|profiles| profiles.get_profile(name).is_some()) {
        return Ok(());
    }
    let available: Vec<&str> = profiles.map(|profiles| profiles.profiles().collect()).unwrap_or_default();
    let listed = if available.is_empty() {
        "no profiles are defined".to_owned()
    } else {
        format!("defined: {}", available.join(", "))
    };
    Err(Failure::configuration(format!(
        "The config profile ({name}) could not be found in {} or {} ({listed}).",
        config_file_path(),
        credentials_file_path(),
    )))
}

fn config_file_path() -> String {
    std::env::var("AWS_CONFIG_FILE").unwrap_or_else(|_| "~/.aws/config".to_owned())
}

fn credentials_file_path() -> String {
    std::env::var("AWS_SHARED_CREDENTIALS_FILE").unwrap_or_else(|_| "~/.aws/credentials".to_owned())
}

pub async fn load(settings: &SessionSettings) -> Result<Session, Failure> {
    let profile = selected_profile(settings);
    let config_files = read_config_files(profile.as_deref()).await?;
    if let Some(name) = &profile {
        check_profile_exists(name, config_files.profiles.as_ref())?;
    }
    let setting = |key: &str| {
        config_files.profiles.as_ref().and_then(|profiles| {
            let name = profile.as_deref().unwrap_or("default");
            profiles.get_profile(name).and_then(|selected| selected.get(key)).map(str::to_owned)
        })
    };
    let (profile_output, profile_pki_store) = (setting("output"), setting("cvpn_pki_store"));
    if settings.endpoint_url.is_none() && !endpoints_ignored() {
        let name = profile.as_deref().unwrap_or("default");
        let selected = config_files.profiles.as_ref().and_then(|profiles| profiles.get_profile(name));
        if let Some(url) = selected.and_then(|selected| selected.get("endpoint_url")) {
            check_endpoint_url(url).map_err(|_| {
                Failure::usage(format!(
                    "Bad value for endpoint_url \"{url}\" in the profile '{name}' of {}: must be of the form \
                     http://<hostname>/ or https://<hostname>/. Nothing was sent.",
                    config_file_path()
                ))
            })?;
        }
    }
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .profile_files(config_files.files)
        .timeout_config(timeouts(settings));
    if let Some(name) = &profile {
        loader = loader.profile_name(name);
    }
    // An explicit region skips the provider chain; the chain itself stops at the environment or
    // the profile before it would ask the instance metadata service.
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;

    if config.region().is_none() {
        return Err(Failure::configuration(format!(
            "You must specify a region. Use --region, set AWS_REGION or AWS_DEFAULT_REGION, or set region in the \
             profile '{}' of ~/.aws/config.",
            profile.as_deref().unwrap_or("default")
        )));
    }
    let provider = config
        .credentials_provider()
        .ok_or_else(|| Failure::configuration("Unable to locate credentials: no credentials provider.".to_owned()))?;
    let credentials = provider.provide_credentials().await.map_err(|error| {
        let detail = std::error::Error::source(&error).map(|source| format!(" ({source})")).unwrap_or_default();
        Failure::configuration(format!(
            "Unable to locate credentials{detail}.\n{}\nConfigure them with `aws configure`, or set \
             AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
            where_credentials_are_looked_for(profile.as_deref())
        ))
    })?;
    Ok(Session { config, credentials, profile, profile_output, profile_pki_store })
}

impl Session {
    /// Which provider gave the credentials ("Environment", "ProfileFile", "CredentialProcess", ...),
    /// for --debug. The SDK shows it only in the credentials' redacted Debug form.
    pub fn credentials_source(&self) -> String {
        let debug = format!("{:?}", self.credentials);
        debug.split("provider_name: \"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("unknown").to_owned()
    }
}
