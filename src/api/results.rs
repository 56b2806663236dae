//! The dry-run verdict every command prints, as a plain type whose serde order is the order the
//! aws CLI prints; and the create's answer of the EC2 API reference, for the renderers' tests.

use serde::Serialize;

/// The answer to `--dry-run`, printed in the chosen output format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DryRunResult {
    pub dry_run: DryRunVerdict,
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DryRunVerdict {
    Permitted,
    Denied,
}

/// The error code EC2 answers a permitted dry run with, and the one it answers a denied one with.
pub const DRY_RUN_PERMITTED_CODE: &str = "DryRunOperation";
pub const DRY_RUN_DENIED_CODE: &str = "UnauthorizedOperation";

impl DryRunResult {
    /// The verdict an error code carries for a dry run, if it carries one.
    pub fn verdict_for(code: &str) -> Option<DryRunVerdict> {
        match code {
            DRY_RUN_PERMITTED_CODE => Some(DryRunVerdict::Permitted),
            DRY_RUN_DENIED_CODE => Some(DryRunVerdict::Denied),
            _ => None,
        }
    }

    /// A hint for a denial whose message carries an encoded authorization failure.
    pub fn decode_hint(&self) -> Option<String> {
        let (_, encoded) = self.message.split_once("Encoded authorization failure message:")?;
        let encoded = encoded.trim();
        (!encoded.is_empty()).then(|| {
            format!(
                "To see why, decode the authorization failure message:\n  aws sts decode-authorization-message \
                 --encoded-message {encoded} --query DecodedMessage --output text"
            )
        })
    }
}

/// The example answer of the EC2 API reference (API_CreateClientVpnEndpoint) as a document, for
/// the renderers' tests.
#[cfg(test)]
pub(crate) fn sample_document() -> serde_json::Value {
    serde_json::json!({
        "ClientVpnEndpointId": "cvpn-endpoint-123456789123abcde",
        "Status": {"Code": "pending-associate", "Message": "Waiting for target network association"},
        "DnsName": "cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com"
    })
}
