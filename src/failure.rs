//! Every way a run can fail, each with its class; the exit code is decided here and nowhere else,
//! and the table of exit codes that `--help`, the man pages and the README show is written here
//! once.

use std::fmt;

pub const EXIT_DRY_RUN_DENIED: u8 = 1;
pub const EXIT_INTERRUPTED: u8 = 130;
pub const EXIT_USAGE: u8 = 252;
pub const EXIT_CONFIGURATION: u8 = 253;
pub const EXIT_SERVICE: u8 = 254;
pub const EXIT_OTHER: u8 = 255;

/// Every exit code cvpn uses, with what it means.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (0, "success; with --dry-run: the request would have succeeded (DryRunOperation)"),
    (EXIT_DRY_RUN_DENIED, "--dry-run: the request was denied (UnauthorizedOperation)"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C); what was sent is said on stderr"),
    (EXIT_USAGE, "usage error or invalid input; nothing was sent"),
    (EXIT_CONFIGURATION, "configuration error: no region, no credentials, unknown profile; nothing was sent"),
    (EXIT_SERVICE, "the service answered with an error"),
    (EXIT_OTHER, "anything else: connection refused, timeout, an answer that could not be read"),
];

/// The exit codes as `--help` shows them.
pub fn exit_codes_help() -> &'static str {
    // Every command's long help carries it: written once a run, not once per command.
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = String::from("Exit codes:");
        for (code, meaning) in EXIT_CODES {
            text.push_str(&format!("\n  {code:<4} {meaning}"));
        }
        text
    })
}

/// The exit codes as the README's Markdown table.
pub fn exit_codes_markdown() -> String {
    let mut text = String::from("| code | meaning |\n|---|---|\n");
    for (code, meaning) in EXIT_CODES {
        text.push_str(&format!("| {code} | {meaning} |\n"));
    }
    text
}

/// What went wrong, by class: the class decides the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureKind {
    /// Bad flags or values; nothing was sent.
    Usage,
    /// No region, no credentials, unknown profile; nothing was sent.
    Configuration,
    /// A service answered with an error (boxed: failures travel in every `Result`).
    Service(Box<ServiceError>),
    /// Connection refused, timeout, an unreadable answer, local I/O.
    Other,
    /// Ctrl-C; the message says what is known of the request.
    Interrupted,
}

/// A failure: its class, what was wrong, and what the user can do next, apart, so that every
/// error format can print the hints on their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    /// What was wrong; for a service error, the service's own message.
    pub message: String,
    /// What to run or check next, one line each.
    pub hints: Vec<String>,
}

/// An error answered by a service, as its error envelope carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The service, as the aws CLI names it: `ec2`, `acm`.
    pub service: &'static str,
    /// The operation that ran, e.g. `CreateClientVpnEndpoint`.
    pub operation: String,
    pub code: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// Retries made before giving up; shown as aws shows it.
    pub retries: u32,
}

impl ServiceError {
    /// An EC2 error answered to `operation`, before any retry.
    pub fn ec2(operation: &str) -> ServiceError {
        ServiceError {
            service: "ec2",
            operation: operation.to_owned(),
            code: None,
            message: None,
            request_id: None,
            retries: 0,
        }
    }

    pub fn code_or_unknown(&self) -> &str {
        self.code.as_deref().unwrap_or("Unknown")
    }

    pub fn message_or_unknown(&self) -> &str {
        self.message.as_deref().unwrap_or("Unknown")
    }
}

impl Failure {
    fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Failure { kind, message: message.into(), hints: Vec::new() }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(FailureKind::Usage, message)
    }

    pub fn configuration(message: impl Into<String>) -> Self {
        Failure::new(FailureKind::Configuration, message)
    }

    pub fn other(message: impl Into<String>) -> Self {
        Failure::new(FailureKind::Other, message)
    }

    pub fn interrupted(message: impl Into<String>) -> Self {
        Failure::new(FailureKind::Interrupted, message)
    }

    pub fn service(error: ServiceError) -> Self {
        let message = error.message_or_unknown().to_owned();
        Failure::new(FailureKind::Service(Box::new(error)), message)
    }

    /// The same failure with one more hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            FailureKind::Usage => EXIT_USAGE,
            FailureKind::Configuration => EXIT_CONFIGURATION,
            FailureKind::Service(_) => EXIT_SERVICE,
            FailureKind::Other => EXIT_OTHER,
            FailureKind::Interrupted => EXIT_INTERRUPTED,
        }
    }

    /// The service's error, when a service answered with one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match &self.kind {
            FailureKind::Service(error) => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for ServiceError {
    /// The aws CLI's line (botocore `ClientError`), then the request id on a line of its own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let retry_info =
            if self.retries > 0 { format!(" (reached max retries: {})", self.retries) } else { String::new() };
        write!(
            f,
            "An error occurred ({}) when calling the {} operation{retry_info}: {}",
            self.code_or_unknown(),
            self.operation,
            self.message_or_unknown()
        )?;
        if let Some(id) = &self.request_id {
            write!(f, "\nRequest ID: {id}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Failure {
    /// The message, then each hint on a line of its own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            // A blank line first, as the aws CLI prints it.
            FailureKind::Service(error) => write!(f, "\n{error}")?,
            _ => f.write_str(&self.message)?,
        }
        for hint in &self.hints {
            write!(f, "\n{hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_has_its_exit_code() {
        assert_eq!(Failure::usage("x").exit_code(), 252);
        assert_eq!(Failure::configuration("x").exit_code(), 253);
        assert_eq!(Failure::service(ServiceError::ec2("CreateClientVpnEndpoint")).exit_code(), 254);
        assert_eq!(Failure::other("x").exit_code(), 255);
        assert_eq!(Failure::interrupted("x").exit_code(), 130);
    }

    #[test]
    fn every_exit_code_a_failure_can_have_is_in_the_table() {
        let documented: Vec<u8> = EXIT_CODES.iter().map(|(code, _)| *code).collect();
        for failure in [
            Failure::usage("x"),
            Failure::configuration("x"),
            Failure::service(ServiceError::ec2("X")),
            Failure::other("x"),
            Failure::interrupted("x"),
        ] {
            assert!(documented.contains(&failure.exit_code()), "{failure:?}");
        }
        assert!(exit_codes_help().contains("\n  252  usage error"), "{}", exit_codes_help());
        assert!(exit_codes_markdown().contains("| 254 | the service answered with an error |"));
    }

    #[test]
    fn service_errors_read_like_the_aws_cli_and_name_the_operation() {
        let error = ServiceError {
            code: Some("InvalidParameterValue".into()),
            message: Some("Bad port".into()),
            request_id: Some("req-1".into()),
            ..ServiceError::ec2("CreateClientVpnEndpoint")
        };
        assert_eq!(
            Failure::service(error).to_string(),
            "\nAn error occurred (InvalidParameterValue) when calling the CreateClientVpnEndpoint operation: Bad port\nRequest ID: req-1"
        );
        let bare = ServiceError { retries: 2, ..ServiceError::ec2("DescribeClientVpnEndpoints") };
        assert_eq!(
            bare.to_string(),
            "An error occurred (Unknown) when calling the DescribeClientVpnEndpoints operation (reached max retries: 2): Unknown"
        );
    }

    #[test]
    fn hints_follow_the_message_a_line_each() {
        let failure = Failure::other("Timed out").with_hint("Retry with --client-token T.").with_hint("Or wait.");
        assert_eq!(failure.to_string(), "Timed out\nRetry with --client-token T.\nOr wait.");
        let service = Failure::service(ServiceError::ec2("X")).with_hint("check the region");
        assert!(service.to_string().ends_with("Unknown\ncheck the region"), "{service}");
    }
}
