//! Every way a run can fail, each with its class; the exit code is decided here and nowhere else.

use std::fmt;

pub const EXIT_DRY_RUN_DENIED: u8 = 1;
pub const EXIT_INTERRUPTED: u8 = 130;
pub const EXIT_USAGE: u8 = 252;
pub const EXIT_CONFIGURATION: u8 = 253;
pub const EXIT_SERVICE: u8 = 254;
pub const EXIT_OTHER: u8 = 255;

/// The name of the operation, as the aws CLI prints it in error messages.
pub const OPERATION: &str = "CreateClientVpnEndpoint";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Bad flags or values; nothing was sent.
    Usage(String),
    /// No region, no credentials, unknown profile; nothing was sent.
    Configuration(String),
    /// EC2 answered with an error.
    Service(ServiceError),
    /// Connection refused, timeout, an unreadable answer, local I/O.
    Other(String),
    /// Ctrl-C; the message says what is known of the request.
    Interrupted(String),
}

/// An error answered by EC2, as its error envelope carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub code: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// Retries made before giving up; shown as aws shows it.
    pub retries: u32,
    /// What cvpn adds for the user, e.g. how to retry safely.
    pub note: Option<String>,
}

impl ServiceError {
    pub fn code_or_unknown(&self) -> &str {
        self.code.as_deref().unwrap_or("Unknown")
    }

    pub fn message_or_unknown(&self) -> &str {
        self.message.as_deref().unwrap_or("Unknown")
    }
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::Usage(message.into())
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Configuration(_) => EXIT_CONFIGURATION,
            Failure::Service(_) => EXIT_SERVICE,
            Failure::Other(_) => EXIT_OTHER,
            Failure::Interrupted(_) => EXIT_INTERRUPTED,
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
            "An error occurred ({}) when calling the {OPERATION} operation{retry_info}: {}",
            self.code_or_unknown(),
            self.message_or_unknown()
        )?;
        if let Some(id) = &self.request_id {
            write!(f, "\nRequest ID: {id}")?;
        }
        if let Some(note) = &self.note {
            write!(f, "\n{note}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message)
            | Failure::Configuration(message)
            | Failure::Other(message)
            | Failure::Interrupted(message) => f.write_str(message),
            // A blank line first, as the aws CLI prints it.
            Failure::Service(error) => write!(f, "\n{error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_has_its_exit_code() {
        assert_eq!(Failure::usage("x").exit_code(), 252);
        assert_eq!(Failure::Configuration("x".into()).exit_code(), 253);
        let service = ServiceError { code: None, message: None, request_id: None, retries: 0, note: None };
        assert_eq!(Failure::Service(service).exit_code(), 254);
        assert_eq!(Failure::Other("x".into()).exit_code(), 255);
        assert_eq!(Failure::Interrupted("x".into()).exit_code(), 130);
    }

    #[test]
    fn service_errors_read_like_the_aws_cli() {
        let error = ServiceError {
            code: Some("InvalidParameterValue".into()),
            message: Some("Bad port".into()),
            request_id: Some("req-1".into()),
            retries: 0,
            note: None,
        };
        assert_eq!(
            Failure::Service(error).to_string(),
            "\nAn error occurred (InvalidParameterValue) when calling the CreateClientVpnEndpoint operation: Bad port\nRequest ID: req-1"
        );
        let bare = ServiceError { code: None, message: None, request_id: None, retries: 2, note: None };
        assert_eq!(
            bare.to_string(),
            "An error occurred (Unknown) when calling the CreateClientVpnEndpoint operation (reached max retries: 2): Unknown"
        );
    }
}
