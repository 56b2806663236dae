//! One command's way to AWS: the session, the HTTP client its services share, the EC2 client,
//! the ACM client (made on first use) and the attempt log that sees every attempt of both.
//! Commands hold a `Connection` and call through it; they never name an SDK type.

use std::cell::OnceCell;
use std::rc::Rc;

use aws_sdk_acm as acm;
use aws_sdk_ec2 as ec2;
use aws_sdk_secretsmanager as secretsmanager;
use aws_sdk_sts as sts;
use ec2::config::SharedHttpClient;
use serde_json::Value;

use crate::api::operation::{Document, Operation, Wait};
use crate::aws::ec2::{Answer, AttemptLog};
use crate::aws::session::{Session, SessionSettings};
use crate::aws::waiter::WaitSettings;
use crate::failure::Failure;

pub struct Connection {
    settings: Rc<SessionSettings>,
    session: Rc<Session>,
    http: Option<SharedHttpClient>,
    debug: bool,
    ec2: ec2::Client,
    acm: OnceCell<acm::Client>,
    secrets: OnceCell<secretsmanager::Client>,
    sts: OnceCell<sts::Client>,
    log: AttemptLog,
}

impl Connection {
    /// Loads the session (profile, region, credentials) and the HTTP client the settings ask for.
    /// An endpoint URL without a scheme is refused here, before anything is loaded or sent: every
    /// command that talks to AWS opens its connection this way.
    pub async fn open(settings: &SessionSettings, debug: bool) -> Result<Connection, Failure> {
        match &settings.endpoint_url {
            Some(url) => crate::aws::session::check_endpoint_url(url)?,
            None => crate::aws::session::check_endpoint_variables(&["EC2", "ACM", "SECRETS_MANAGER", "STS"])?,
        }
        let session = crate::aws::session::load(settings).await?;
        let http = crate::aws::http_client::http_client(settings, "EC2")?;
        Ok(Connection::on(Rc::new(settings.clone()), Rc::new(session), http, debug))
    }

    fn on(
        settings: Rc<SessionSettings>,
        session: Rc<Session>,
        http: Option<SharedHttpClient>,
        debug: bool,
    ) -> Connection {
        let (ec2, log) = crate::aws::ec2::client(&session, http.clone(), debug);
        Connection {
            settings,
            session,
            http,
            debug,
            ec2,
            acm: OnceCell::new(),
            secrets: OnceCell::new(),
            sts: OnceCell::new(),
            log,
        }
    }

    /// A connection on the same session for calls that run beside this one's: its own attempt
    /// log checks its own answers.
    pub fn beside(&self) -> Connection {
        Connection::on(self.settings.clone(), self.session.clone(), self.http.clone(), self.debug)
    }

    /// The session's region ("" when none is configured; the SDK then refuses every call).
    pub fn region(&self) -> &str {
        self.session.config.region().map(|region| region.as_ref()).unwrap_or_default()
    }

    /// The selected profile's `output` setting, if it has one.
    pub fn profile_output(&self) -> Option<&str> {
        self.session.profile_output.as_deref()
    }

    /// The selected profile's `cvpn_pki_store` setting, if it has one.
    pub fn profile_pki_store(&self) -> Option<&str> {
        self.session.profile_pki_store.as_deref()
    }

    /// Where settings and credentials came from, for `--debug`: never the secret.
    pub fn describe_settings(&self, endpoint_url: Option<&str>) -> String {
        let session = &self.session;
        format!(
            "region {}, profile {}, credentials from {} (access key id {}), endpoint {}",
            session.config.region().map(|region| region.as_ref()).unwrap_or("(none)"),
            session.profile.as_deref().unwrap_or("(default)"),
            session.credentials_source(),
            session.credentials.access_key_id(),
            endpoint_url.unwrap_or("from the configuration (shown with each attempt)"),
        )
    }

    pub(in crate::aws) fn settings(&self) -> &SessionSettings {
        &self.settings
    }

    pub(in crate::aws) fn ec2(&self) -> &ec2::Client {
        &self.ec2
    }

    pub(in crate::aws) fn acm(&self) -> &acm::Client {
        self.acm.get_or_init(|| crate::aws::acm::client(&self.session, self.http.clone(), &self.log))
    }

    pub(in crate::aws) fn secrets(&self) -> &secretsmanager::Client {
        self.secrets.get_or_init(|| {
            let mut config = secretsmanager::config::Builder::from(&self.session.config)
                .credentials_provider(self.session.credentials.clone())
                .interceptor(self.log.clone());
            if let Some(http) = self.http.clone() {
                config = config.http_client(http);
            }
            secretsmanager::Client::from_conf(config.build())
        })
    }

    /// The account these credentials are in (STS GetCallerIdentity).
    pub async fn account(&self) -> Result<String, Failure> {
        let client = self.sts.get_or_init(|| {
            let mut config = sts::config::Builder::from(&self.session.config)
                .credentials_provider(self.session.credentials.clone())
                .interceptor(self.log.clone());
            if let Some(http) = self.http.clone() {
                config = config.http_client(http);
            }
            sts::Client::from_conf(config.build())
        });
        let answer = client
            .get_caller_identity()
            .send()
            .await
            .map_err(|error| crate::aws::acm::service_failure(error, "GetCallerIdentity", &self.log, "sts"))?;
        answer.account.ok_or_else(|| Failure::other("GetCallerIdentity answered without an Account"))
    }

    pub(in crate::aws) fn log(&self) -> &AttemptLog {
        &self.log
    }

    /// Sends one EC2 operation (a busy endpoint retried); `unknown_outcome_hint` is what a failure
    /// whose outcome is unknown tells the user.
    pub async fn send(
        &self,
        operation: &Operation,
        request: &Document,
        unknown_outcome_hint: Option<String>,
    ) -> Result<Answer, Failure> {
        crate::aws::ec2::send::send_with_retries(operation, &self.ec2, &self.log, request, unknown_outcome_hint).await
    }

    /// Every item of every page of a describe.
    pub async fn every_item(&self, operation: &Operation, request: Document) -> Result<Vec<Value>, Failure> {
        crate::aws::ec2::send::every_item(operation, &self.ec2, &self.log, request).await
    }

    /// Waits for what `wait` describes after a change sent `request` and got `answer`.
    pub async fn wait(
        &self,
        wait: &Wait,
        request: &Document,
        answer: &Document,
        settings: &WaitSettings,
        what: &str,
    ) -> Result<(), Failure> {
        crate::aws::waiter::wait(wait, request, answer, settings, &self.ec2, &self.log, what).await
    }
}
