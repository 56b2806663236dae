//! An operation as data: its name, its input model, how its answers page, how its flags are
//! shown, where it is listed, and how to wait for the change it starts.

use serde_json::{Map, Value};

use crate::api::model::{Member, Shape, xform_name};

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

    /// A second name for the flag, for a person (`--cidr` for `--target-network-cidr`).
    pub const fn alias(mut self, alias: &'static str) -> FlagStyle {
        self.alias = Some(alias);
        self
    }

    pub const fn required(mut self) -> FlagStyle {
        self.required = true;
        self
    }
}

/// Where `--help` lists a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Endpoints,
    Networks,
    Access,
    Routes,
    Clients,
    Certificates,
}

impl Group {
    pub const ALL: [Group; 6] =
        [Group::Endpoints, Group::Networks, Group::Access, Group::Routes, Group::Clients, Group::Certificates];

    pub fn heading(self) -> &'static str {
        match self {
            Group::Endpoints => "Endpoints",
            Group::Networks => "Networks",
            Group::Access => "Access",
            Group::Routes => "Routes",
            Group::Clients => "Clients",
            Group::Certificates => "Certificates",
        }
    }
}

/// A request document or an answer: members under their API names.
pub type Document = Map<String, Value>;

/// What to poll, and for what, after an operation that starts a change (`--wait`).
#[derive(Debug)]
pub struct Wait {
    /// The describe that lists the resource; its pages' items carry `Status.Code`.
    pub describe: &'static Operation,
    /// The state the change ends in; `None` waits until the resource is gone.
    pub until: Option<&'static str>,
    /// States that end the wait as a failure.
    pub failed: &'static [&'static str],
    /// States that count as gone (AWS lists some resources for a while after they end).
    pub gone: &'static [&'static str],
    /// The describe request, and the members that pick the resource out of its items, from the
    /// change's request and answer.
    pub lookup: fn(&Document, &Document) -> Lookup,
}

/// How to find one resource: the describe request, and the item members that must match.
#[derive(Debug, PartialEq)]
pub struct Lookup {
    pub request: Document,
    pub fields: Vec<(&'static str, Value)>,
}

#[derive(Debug)]
pub struct Operation {
    /// The API name: `DescribeClientVpnEndpoints`.
    pub name: &'static str,
    pub input: &'static Shape,
    /// What it answers, members in the order the aws CLI prints them.
    pub output: &'static Shape,
    pub pagination: Option<Pagination>,
    /// How the flags are shown, for the members that need more than the model.
    pub flags: &'static [FlagStyle],
    pub group: Group,
    /// The name a person types (`cvpn associate`), beside the aws command name.
    pub short: Option<&'static str>,
    /// The member a first plain word gives (`cvpn routes cvpn-endpoint-0abc`).
    pub positional: Option<&'static str>,
    /// It starts a change, so EC2's "try again later" answers are retried.
    pub changes: bool,
    pub wait: Option<Wait>,
    /// One line for `--help`.
    pub about: &'static str,
}

impl Operation {
    /// The request with the idempotency token the aws CLI fills in when none is given.
    pub fn with_client_token(&self, mut request: Document) -> Document {
        if self.member("ClientToken").is_some() && !request.contains_key("ClientToken") {
            request.insert("ClientToken".to_owned(), Value::String(uuid::Uuid::new_v4().to_string()));
        }
        request
    }

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

    /// Whether the request takes DryRun (every EC2 operation here does).
    pub fn takes_dry_run(&self) -> bool {
        self.member("DryRun").is_some()
    }
}

#[cfg(test)]
mod tests {
    use crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS;

    #[test]
    fn an_operation_knows_its_command_and_members() {
        assert_eq!(DESCRIBE_CLIENT_VPN_ENDPOINTS.command(), "describe-client-vpn-endpoints");
        let member = DESCRIBE_CLIENT_VPN_ENDPOINTS.member("Filters").unwrap();
        assert_eq!(member.wire, Some("Filter"));
    }
}
