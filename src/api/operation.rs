//! An operation as data: its name, its input model and how its answers page.

use crate::api::model::{DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST, Member, Shape, xform_name};

/// How an operation's answers come in pages, as botocore's `paginators-1.json` says.
#[derive(Debug)]
pub struct Pagination {
    /// The request member that asks for the next page.
    pub input_token: &'static str,
    /// The answer member that holds the next page's token.
    pub output_token: &'static str,
    /// The request member that caps a page's size.
    pub limit_key: &'static str,
    /// The answer member whose list the pages make up together.
    pub result_key: &'static str,
}

#[derive(Debug)]
pub struct Operation {
    /// The API name: `DescribeClientVpnEndpoints`.
    pub name: &'static str,
    /// The service, as the aws CLI names it.
    pub service: &'static str,
    pub input: &'static Shape,
    pub pagination: Option<Pagination>,
}

impl Operation {
    pub fn members(&self) -> &'static [Member] {
        self.input.members()
    }

    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members().iter().find(|member| member.name == name)
    }

    /// The aws CLI's command: `describe-client-vpn-endpoints`.
    pub fn command(&self) -> String {
        xform_name(self.name)
    }
}

pub static DESCRIBE_CLIENT_VPN_ENDPOINTS: Operation = Operation {
    name: "DescribeClientVpnEndpoints",
    service: "ec2",
    input: &DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST,
    pagination: Some(Pagination {
        input_token: "NextToken",
        output_token: "NextToken",
        limit_key: "MaxResults",
        result_key: "ClientVpnEndpoints",
    }),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_knows_its_command_and_members() {
        assert_eq!(DESCRIBE_CLIENT_VPN_ENDPOINTS.command(), "describe-client-vpn-endpoints");
        let member = DESCRIBE_CLIENT_VPN_ENDPOINTS.member("Filters").unwrap();
        assert_eq!(member.wire, Some("Filter"));
    }
}
