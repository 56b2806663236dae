//! An operation as data: its name, its input model and how its answers page.

use crate::api::model::{
    CREATE_CLIENT_VPN_ENDPOINT_REQUEST, DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST, Member, Shape, xform_name,
};

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

/// How a member's flag is shown, beyond what the model says: a value name, a short flag, an alias
/// for a person, a help heading, help that replaces the model's documentation where cvpn acts
/// differently, and whether the command line must give it.
#[derive(Debug, Clone, Copy)]
pub struct FlagStyle {
    pub member: &'static str,
    pub value_name: Option<&'static str>,
    pub short: Option<char>,
    pub alias: Option<&'static str>,
    pub heading: Option<&'static str>,
    pub help: Option<&'static str>,
    /// Required unless an input document or a skeleton request stands in.
    pub required: bool,
}

impl FlagStyle {
    pub const fn of(member: &'static str) -> FlagStyle {
        FlagStyle { member, value_name: None, short: None, alias: None, heading: None, help: None, required: false }
    }

    pub const fn value(mut self, name: &'static str) -> FlagStyle {
        self.value_name = Some(name);
        self
    }

    pub const fn short(mut self, short: char, alias: &'static str) -> FlagStyle {
        self.short = Some(short);
        self.alias = Some(alias);
        self
    }

    pub const fn heading(mut self, heading: &'static str) -> FlagStyle {
        self.heading = Some(heading);
        self
    }

    pub const fn help(mut self, help: &'static str) -> FlagStyle {
        self.help = Some(help);
        self
    }

    pub const fn required(mut self) -> FlagStyle {
        self.required = true;
        self
    }
}

/// `--dry-run` answers by exit code in cvpn, where EC2's own documentation speaks of errors.
const DRY_RUN: FlagStyle =
    FlagStyle::of("DryRun").help("Only check permissions: exit 0 if the request would succeed, 1 if it is denied.");

#[derive(Debug)]
pub struct Operation {
    /// The API name: `DescribeClientVpnEndpoints`.
    pub name: &'static str,
    pub input: &'static Shape,
    pub pagination: Option<Pagination>,
    /// How the flags are shown, for the members that need more than the model.
    pub flags: &'static [FlagStyle],
}

impl Operation {
    pub fn members(&self) -> &'static [Member] {
        self.input.members()
    }

    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members().iter().find(|member| member.name == name)
    }

    pub fn style(&self, member: &str) -> Option<&'static FlagStyle> {
        self.flags.iter().find(|style| style.member == member)
    }

    /// The aws CLI's command: `describe-client-vpn-endpoints`.
    pub fn command(&self) -> String {
        xform_name(self.name)
    }
}

pub static DESCRIBE_CLIENT_VPN_ENDPOINTS: Operation = Operation {
    name: "DescribeClientVpnEndpoints",
    input: &DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST,
    pagination: Some(Pagination {
        input_token: "NextToken",
        output_token: "NextToken",
        limit_key: "MaxResults",
        result_key: "ClientVpnEndpoints",
    }),
    flags: &[DRY_RUN],
};

pub static CREATE_CLIENT_VPN_ENDPOINT: Operation = Operation {
    name: "CreateClientVpnEndpoint",
    input: &CREATE_CLIENT_VPN_ENDPOINT_REQUEST,
    pagination: None,
    flags: &[
        FlagStyle::of("ClientCidrBlock").value("CIDR").short('c', "client-cidr"),
        FlagStyle::of("ServerCertificateArn").value("ARN").short('s', "server-cert").required(),
        FlagStyle::of("AuthenticationOptions").value("OPTION").heading("Authentication"),
        FlagStyle::of("ConnectionLogOptions").value("OPTIONS").heading("Connection logging"),
        FlagStyle::of("DnsServers").value("IP"),
        FlagStyle::of("TransportProtocol").value("PROTOCOL"),
        FlagStyle::of("VpnPort").value("PORT"),
        FlagStyle::of("Description").value("TEXT"),
        DRY_RUN,
        FlagStyle::of("ClientToken").help("Idempotency token; a UUID is generated when not given."),
        FlagStyle::of("TagSpecifications").heading("Tags"),
        FlagStyle::of("SecurityGroupIds").value("ID"),
        FlagStyle::of("VpcId").value("ID"),
        FlagStyle::of("SelfServicePortal").value("STATE"),
        FlagStyle::of("ClientConnectOptions").value("OPTIONS").heading("Client connect handler"),
        FlagStyle::of("SessionTimeoutHours").value("HOURS"),
        FlagStyle::of("ClientLoginBannerOptions").value("OPTIONS").heading("Login banner"),
        FlagStyle::of("ClientRouteEnforcementOptions").value("OPTIONS"),
        FlagStyle::of("EndpointIpAddressType").value("TYPE"),
        FlagStyle::of("TrafficIpAddressType").value("TYPE"),
        FlagStyle::of("TransitGatewayConfiguration").value("OPTIONS"),
        FlagStyle::of("DevicePostureOptions").value("OPTIONS"),
    ],
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
