//! What EC2's Client VPN lifecycle errors mean for the person who got one: which are retried
//! (the endpoint is busy), and what to run next for the others. Codes and meanings: the EC2
//! API error reference, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html.

/// Codes that say "not now": cvpn retries a change that gets one, a bounded number of times.
pub const RETRIED: &[&str] = &["ConcurrentMutationLimitExceeded", "IncorrectState"];

/// What to tell the user when a change that carried ClientToken `token` may have been acted on
/// but no answer says so: the same token makes a rerun safe.
pub fn client_token_note(operation: &str, token: &str) -> String {
    if operation == "CreateClientVpnEndpoint" {
        return format!(
            "The request may have created an endpoint. It used ClientToken {token}: running the same command \
             with --client-token {token} is safe, as EC2 then returns that endpoint instead of creating another."
        );
    }
    format!(
        "The request may have been acted on. It used ClientToken {token}: running the same command with \
         --client-token {token} is safe, as EC2 then answers for the first request."
    )
}

/// The next step after an error code, for the endpoint the request named.
pub fn next_step(code: &str, operation: &str, endpoint: &str) -> Option<String> {
    let endpoint = if endpoint.is_empty() { "ENDPOINT_ID" } else { endpoint };
    Some(match code {
        "InvalidClientVpnEndpointId.NotFound" => format!(
            "No endpoint {endpoint} in this region: check --region (or AWS_REGION) and the ID; `cvpn ls` lists the endpoints there."
        ),
        "InvalidClientVpnAssociationIdNotFound" => {
            format!("`cvpn networks {endpoint}` lists the endpoint's associations and their IDs.")
        }
        "InvalidClientVpnDuplicateAssociationException" | "ClientVpnEndpointAssociationExists"
            if operation == "DeleteClientVpnEndpoint" =>
        {
            format!(
                "Disassociate the endpoint's networks first: `cvpn networks {endpoint}`, then `cvpn disassociate {endpoint} --association-id ID --wait` for each."
            )
        }
        "InvalidClientVpnDuplicateAssociationException" | "ClientVpnEndpointAssociationExists" => {
            format!("The subnet is associated already: `cvpn networks {endpoint}` shows the association.")
        }
        "InvalidClientVpnSubnetId.DuplicateAz" => format!(
            "The endpoint has a subnet in that Availability Zone already (one per zone): `cvpn networks {endpoint}`."
        ),
        "InvalidClientVpnDuplicateAuthorizationRule" => {
            format!("The rule exists already: `cvpn rules {endpoint}` shows it.")
        }
        "InvalidClientVpnEndpointAuthorizationRuleNotFound" => {
            format!("`cvpn rules {endpoint}` lists the endpoint's authorization rules.")
        }
        "InvalidClientVpnDuplicateRoute" => format!(
            "The route exists already (associating a subnet adds the VPC's own route): `cvpn routes {endpoint}` shows it."
        ),
        "InvalidClientVpnRouteNotFound" => format!("`cvpn routes {endpoint}` lists the endpoint's routes."),
        "InvalidClientVpnActiveAssociationNotFound" => format!(
            "A route needs an associated subnet: `cvpn associate {endpoint} --subnet-id SUBNET --wait`, then add the route."
        ),
        "InvalidClientVpnConnection.IdNotFound" | "InvalidClientVpnConnection.UserNotFound" => {
            format!("`cvpn connections {endpoint}` lists the connections.")
        }
        code if RETRIED.contains(&code) => {
            "The endpoint is busy with other changes; cvpn retried. Run the same command again in a minute.".to_owned()
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_name_the_command_to_run() {
        let hint = next_step("InvalidClientVpnDuplicateRoute", "CreateClientVpnRoute", "cvpn-endpoint-1").unwrap();
        assert!(hint.contains("cvpn routes cvpn-endpoint-1"), "{hint}");
        let delete = next_step("ClientVpnEndpointAssociationExists", "DeleteClientVpnEndpoint", "e").unwrap();
        assert!(delete.contains("cvpn disassociate e"), "{delete}");
        assert!(next_step("InvalidParameterValue", "CreateClientVpnRoute", "e").is_none());
    }
}
