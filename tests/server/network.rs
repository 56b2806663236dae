//! The VPCs every region of the local server starts with, and what `cvpn doctor` reads of them,
//! with EC2's element names and `…Set` wrappers. The main VPC has a subnet in each of two
//! Availability Zones (`SUBNETS`); for the mistakes `cvpn up` must catch there is a third subnet
//! in the first zone and a second VPC with a subnet of its own (`MORE_SUBNETS`). Each VPC starts
//! as AWS makes one: a main route table with the local route and a route to an internet gateway,
//! the default network ACL (allow everything both ways, then the final deny), the default security
//! group (egress anywhere), DNS support on. A test breaks any of it through `Network`'s fields,
//! and the changes a fix sends (CreateRoute, CreateNetworkAclEntry, AuthorizeSecurityGroupEgress,
//! ModifyVpcAttribute, ...) are answered as EC2 answers them.

use std::collections::HashMap;

pub const VPC_ID: &str = "vpc-0a1b2c3d4e5f60718";
pub const VPC_CIDR: &str = "172.31.0.0/16";
/// (subnet id, CIDR block, Availability Zone suffix), all in `VPC_ID`.
pub const SUBNETS: [(&str, &str, &str); 2] =
    [("subnet-0a1b2c3d4e5f60001", "172.31.0.0/20", "a"), ("subnet-0a1b2c3d4e5f60002", "172.31.16.0/20", "b")];
/// A second VPC, whose block is the first client CIDR `cvpn up` would choose.
pub const OTHER_VPC_ID: &str = "vpc-0b1b2c3d4e5f60718";
pub const OTHER_VPC_CIDR: &str = "10.100.0.0/16";
/// (subnet id, CIDR block, Availability Zone suffix, VPC).
pub const MORE_SUBNETS: [(&str, &str, &str, &str); 2] = [
    ("subnet-0a1b2c3d4e5f60003", "172.31.32.0/20", "a", VPC_ID),
    ("subnet-0b1b2c3d4e5f60001", "10.100.0.0/20", "a", OTHER_VPC_ID),
];
/// What the main VPC starts with.
pub const MAIN_ROUTE_TABLE: &str = "rtb-0a1b2c3d4e5f60718";
pub const INTERNET_GATEWAY: &str = "igw-0a1b2c3d4e5f60718";
pub const DEFAULT_ACL: &str = "acl-0a1b2c3d4e5f60718";
pub const DEFAULT_GROUP: &str = "sg-0a1b2c3d4e5f60718";
const OWNER: &str = "123456789012";

/// Every subnet: (id, CIDR block, zone suffix, VPC).
pub fn all_subnets() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    SUBNETS.iter().map(|(id, cidr, zone)| (*id, *cidr, *zone, VPC_ID)).chain(MORE_SUBNETS).collect()
}

#[derive(Debug, Clone)]
pub struct Vpc {
    pub id: String,
    pub cidr: String,
    pub dns_support: bool,
}

#[derive(Debug, Clone)]
pub struct Subnet {
    pub id: String,
    pub cidr: String,
    pub zone: String,
    pub vpc: String,
    pub free_addresses: u32,
}

#[derive(Debug, Clone)]
pub struct RouteTable {
    pub id: String,
    pub vpc: String,
    pub main: bool,
    /// The subnets explicitly associated with it.
    pub subnets: Vec<String>,
    pub routes: Vec<TableRoute>,
}

#[derive(Debug, Clone)]
pub struct TableRoute {
    pub destination: String,
    /// The target's element (`gatewayId`, `natGatewayId`, ...) and its value.
    pub target: (String, String),
    /// `active` or `blackhole`.
    pub state: String,
}

#[derive(Debug, Clone)]
pub struct NetworkAcl {
    pub id: String,
    pub vpc: String,
    pub default: bool,
    pub subnets: Vec<String>,
    pub entries: Vec<AclEntry>,
}

#[derive(Debug, Clone)]
pub struct AclEntry {
    pub number: u32,
    pub egress: bool,
    /// `-1` (all), or a protocol number (`6` TCP, `17` UDP).
    pub protocol: String,
    pub allow: bool,
    pub cidr: String,
    pub ports: Option<(u16, u16)>,
}

#[derive(Debug, Clone)]
pub struct GroupRule {
    pub id: String,
    pub group: String,
    pub egress: bool,
    pub protocol: String,
    pub ports: (i32, i32),
    /// A CIDR, or none when the rule names a security group.
    pub cidr: Option<String>,
    pub referenced_group: Option<String>,
}

/// The network of one server (the same in every region).
#[derive(Debug, Clone)]
pub struct Network {
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub acls: Vec<NetworkAcl>,
    pub group_rules: Vec<GroupRule>,
    /// Security groups that exist: (id, VPC).
    pub groups: Vec<(String, String)>,
    next: u32,
}

fn allow_all(egress: bool) -> [AclEntry; 2] {
    let entry = |number, allow| AclEntry {
        number,
        egress,
        protocol: "-1".into(),
        allow,
        cidr: "0.0.0.0/0".into(),
        ports: None,
    };
    [entry(100, true), entry(32767, false)]
}

impl Default for Network {
    fn default() -> Network {
        let vpcs = [(VPC_ID, VPC_CIDR, "0a"), (OTHER_VPC_ID, OTHER_VPC_CIDR, "0b")];
        let mut network = Network {
            vpcs: Vec::new(),
            subnets: all_subnets()
                .into_iter()
                .map(|(id, cidr, zone, vpc)| Subnet {
                    id: id.into(),
                    cidr: cidr.into(),
                    zone: zone.into(),
                    vpc: vpc.into(),
                    free_addresses: 4091,
                })
                .collect(),
            route_tables: Vec::new(),
            acls: Vec::new(),
            group_rules: Vec::new(),
            groups: Vec::new(),
            next: 1,
        };
        for (vpc, cidr, prefix) in vpcs {
            let suffix = format!("{prefix}1b2c3d4e5f60718");
            network.vpcs.push(Vpc { id: vpc.into(), cidr: cidr.into(), dns_support: true });
            let route = |destination: &str, element: &str, target: String| TableRoute {
                destination: destination.into(),
                target: (element.into(), target),
                state: "active".into(),
            };
            network.route_tables.push(RouteTable {
                id: format!("rtb-{suffix}"),
                vpc: vpc.into(),
                main: true,
                subnets: Vec::new(),
                routes: vec![
                    route(cidr, "gatewayId", "local".into()),
                    route("0.0.0.0/0", "gatewayId", format!("igw-{suffix}")),
                ],
            });
            network.acls.push(NetworkAcl {
                id: format!("acl-{suffix}"),
                vpc: vpc.into(),
                default: true,
                subnets: network.subnets.iter().filter(|subnet| subnet.vpc == vpc).map(|s| s.id.clone()).collect(),
                entries: allow_all(true).into_iter().chain(allow_all(false)).collect(),
            });
            let group = format!("sg-{suffix}");
            network.groups.push((group.clone(), vpc.into()));
            network.group_rules.push(GroupRule {
                id: format!("sgr-{prefix}e1b2c3d4e5f60718"),
                group: group.clone(),
                egress: true,
                protocol: "-1".into(),
                ports: (-1, -1),
                cidr: Some("0.0.0.0/0".into()),
                referenced_group: None,
            });
            network.group_rules.push(GroupRule {
                id: format!("sgr-{prefix}i1b2c3d4e5f60718"),
                group: group.clone(),
                egress: false,
                protocol: "-1".into(),
                ports: (-1, -1),
                cidr: None,
                referenced_group: Some(group),
            });
        }
        network
    }
}

type Fields = HashMap<String, String>;
/// An answer's members, or EC2's error code and message.
pub type Answer = Result<String, (String, String)>;

fn numbered<'a>(fields: &'a Fields, prefix: &str) -> Vec<&'a String> {
    (1..).map_while(|n| fields.get(&format!("{prefix}.{n}"))).collect()
}

fn wanted(fields: &Fields, prefix: &str, id: &str) -> bool {
    let ids = numbered(fields, prefix);
    ids.is_empty() || ids.iter().any(|wanted| *wanted == id)
}

/// The values of the filter named `name`, when the request has one.
fn filter<'a>(fields: &'a Fields, name: &str) -> Option<Vec<&'a String>> {
    (1..)
        .map_while(|n| fields.get(&format!("Filter.{n}.Name")).map(|found| (n, found)))
        .find(|(_, found)| *found == name)
        .map(|(n, _)| numbered(fields, &format!("Filter.{n}.Value")))
}

fn passes(fields: &Fields, name: &str, value: &str) -> bool {
    filter(fields, name).is_none_or(|values| values.iter().any(|wanted| *wanted == value))
}

fn element(name: &str, value: &str) -> String {
    format!("<{name}>{value}</{name}>")
}

fn invalid(code: &str, message: String) -> (String, String) {
    (code.into(), message)
}

impl Network {
    fn fresh_id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}-0c{:015x}", self.next)
    }

    pub fn vpc_mut(&mut self, id: &str) -> &mut Vpc {
        self.vpcs.iter_mut().find(|vpc| vpc.id == id).expect("a VPC of the local server")
    }

    pub fn subnet_mut(&mut self, id: &str) -> &mut Subnet {
        self.subnets.iter_mut().find(|subnet| subnet.id == id).expect("a subnet of the local server")
    }

    pub fn route_table_mut(&mut self, id: &str) -> &mut RouteTable {
        self.route_tables.iter_mut().find(|table| table.id == id).expect("a route table of the local server")
    }

    pub fn acl_mut(&mut self, id: &str) -> &mut NetworkAcl {
        self.acls.iter_mut().find(|acl| acl.id == id).expect("a network ACL of the local server")
    }

    /// The default security group of a VPC.
    pub fn default_group(&self, vpc: &str) -> String {
        self.groups.iter().find(|(_, of)| of == vpc).map(|(group, _)| group.clone()).unwrap_or_default()
    }

    /// The members of EC2's answer to `action`, when it is one of the network's.
    pub fn answer(&mut self, action: &str, fields: &Fields, region: &str) -> Option<Answer> {
        Some(match action {
            "DescribeVpcs" => self.describe_vpcs(fields),
            "DescribeSubnets" => self.describe_subnets(fields, region),
            "DescribeVpcAttribute" => self.describe_vpc_attribute(fields),
            "DescribeRouteTables" => Ok(self.describe_route_tables(fields)),
            "DescribeNetworkAcls" => Ok(self.describe_network_acls(fields)),
            "DescribeSecurityGroupRules" => Ok(self.describe_group_rules(fields)),
            "ModifyVpcAttribute" => self.modify_vpc_attribute(fields),
            "CreateRoute" | "ReplaceRoute" => self.create_route(action, fields),
            "CreateNetworkAclEntry" | "ReplaceNetworkAclEntry" => self.create_acl_entry(action, fields),
            "AuthorizeSecurityGroupEgress" => self.authorize_egress(fields),
            _ => return None,
        })
    }

    fn describe_vpcs(&self, fields: &Fields) -> Answer {
        if let Some(missing) =
            numbered(fields, "VpcId").into_iter().find(|id| !self.vpcs.iter().any(|vpc| vpc.id == **id))
        {
            return Err(invalid("InvalidVpcID.NotFound", format!("The vpc ID '{missing}' does not exist")));
        }
        let items: String = self
            .vpcs
            .iter()
            .filter(|vpc| wanted(fields, "VpcId", &vpc.id))
            .map(|Vpc { id, cidr, .. }| {
                let suffix = &id[4..];
                format!(
                    "<item><vpcId>{id}</vpcId><state>available</state><cidrBlock>{cidr}</cidrBlock><cidrBlockAssociationSet><item><associationId>vpc-cidr-assoc-{suffix}</associationId><cidrBlock>{cidr}</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item></cidrBlockAssociationSet><isDefault>false</isDefault></item>"
                )
            })
            .collect();
        Ok(format!("    <vpcSet>{items}</vpcSet>\n"))
    }

    fn describe_subnets(&self, fields: &Fields, region: &str) -> Answer {
        let known = |id: &String| self.subnets.iter().any(|subnet| subnet.id == *id);
        if let Some(missing) = numbered(fields, "SubnetId").into_iter().find(|id| !known(id)) {
            return Err(invalid("InvalidSubnetID.NotFound", format!("The subnet ID '{missing}' does not exist")));
        }
        let items: String = self
            .subnets
            .iter()
            .filter(|subnet| wanted(fields, "SubnetId", &subnet.id) && passes(fields, "vpc-id", &subnet.vpc))
            .map(|Subnet { id, cidr, zone, vpc, free_addresses }| {
                format!(
                    "<item><subnetId>{id}</subnetId><state>available</state><vpcId>{vpc}</vpcId><cidrBlock>{cidr}</cidrBlock><availableIpAddressCount>{free_addresses}</availableIpAddressCount><availabilityZone>{region}{zone}</availabilityZone><availabilityZoneId>use1-az{}</availabilityZoneId><defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>false</mapPublicIpOnLaunch></item>",
                    if zone == "a" { 1 } else { 2 }
                )
            })
            .collect();
        Ok(format!("    <subnetSet>{items}</subnetSet>\n"))
    }

    fn vpc_named(&self, fields: &Fields) -> Result<&Vpc, (String, String)> {
        let id = fields.get("VpcId").cloned().unwrap_or_default();
        self.vpcs
            .iter()
            .find(|vpc| vpc.id == id)
            .ok_or_else(|| invalid("InvalidVpcID.NotFound", format!("The vpc ID '{id}' does not exist")))
    }

    fn describe_vpc_attribute(&self, fields: &Fields) -> Answer {
        let vpc = self.vpc_named(fields)?;
        match fields.get("Attribute").map(String::as_str) {
            Some("enableDnsSupport") => Ok(format!(
                "    <vpcId>{}</vpcId>\n    <enableDnsSupport><value>{}</value></enableDnsSupport>\n",
                vpc.id, vpc.dns_support
            )),
            other => Err(invalid(
                "InvalidParameterValue",
                format!("Value ({}) for parameter attribute is invalid. Unknown attribute", other.unwrap_or_default()),
            )),
        }
    }

    fn modify_vpc_attribute(&mut self, fields: &Fields) -> Answer {
        let id = self.vpc_named(fields)?.id.clone();
        if let Some(value) = fields.get("EnableDnsSupport.Value") {
            self.vpc_mut(&id).dns_support = value == "true";
        }
        Ok("    <return>true</return>\n".into())
    }

    fn describe_route_tables(&self, fields: &Fields) -> String {
        let items: String = self
            .route_tables
            .iter()
            .filter(|table| wanted(fields, "RouteTableId", &table.id) && passes(fields, "vpc-id", &table.vpc))
            .map(|table| {
                let routes: String = table
                    .routes
                    .iter()
                    .map(|route| {
                        let origin = if route.target.1 == "local" { "CreateRouteTable" } else { "CreateRoute" };
                        format!(
                            "<item><destinationCidrBlock>{}</destinationCidrBlock>{}<state>{}</state><origin>{origin}</origin></item>",
                            route.destination,
                            element(&route.target.0, &route.target.1),
                            route.state
                        )
                    })
                    .collect();
                let suffix = &table.id[4..];
                let mut associations = String::new();
                if table.main {
                    associations += &format!(
                        "<item><routeTableAssociationId>rtbassoc-{suffix}</routeTableAssociationId><routeTableId>{}</routeTableId><main>true</main><associationState><state>associated</state></associationState></item>",
                        table.id
                    );
                }
                for (n, subnet) in table.subnets.iter().enumerate() {
                    associations += &format!(
                        "<item><routeTableAssociationId>rtbassoc-{n}{suffix}</routeTableAssociationId><routeTableId>{}</routeTableId><subnetId>{subnet}</subnetId><main>false</main><associationState><state>associated</state></associationState></item>",
                        table.id
                    );
                }
                format!(
                    "<item><routeTableId>{}</routeTableId><vpcId>{}</vpcId><ownerId>{OWNER}</ownerId><routeSet>{routes}</routeSet><associationSet>{associations}</associationSet><propagatingVgwSet/><tagSet/></item>",
                    table.id, table.vpc
                )
            })
            .collect();
        format!("    <routeTableSet>{items}</routeTableSet>\n")
    }

    fn create_route(&mut self, action: &str, fields: &Fields) -> Answer {
        let id = fields.get("RouteTableId").cloned().unwrap_or_default();
        let destination = fields.get("DestinationCidrBlock").cloned().unwrap_or_default();
        let targets = [
            ("GatewayId", "gatewayId"),
            ("NatGatewayId", "natGatewayId"),
            ("TransitGatewayId", "transitGatewayId"),
            ("VpcPeeringConnectionId", "vpcPeeringConnectionId"),
            ("NetworkInterfaceId", "networkInterfaceId"),
        ];
        let Some(target) = targets
            .iter()
            .find_map(|(field, element)| fields.get(*field).map(|value| ((*element).to_owned(), value.clone())))
        else {
            return Err(invalid("MissingParameter", "The request must contain exactly one of gatewayId, natGatewayId, transitGatewayId, vpcPeeringConnectionId, networkInterfaceId".into()));
        };
        let Some(table) = self.route_tables.iter_mut().find(|table| table.id == id) else {
            return Err(invalid("InvalidRouteTableID.NotFound", format!("The routeTable ID '{id}' does not exist")));
        };
        let existing = table.routes.iter().position(|route| route.destination == destination);
        match (action, existing) {
            ("CreateRoute", Some(_)) => {
                Err(invalid("RouteAlreadyExists", format!("The route identified by {destination} already exists.")))
            }
            ("ReplaceRoute", None) => Err(invalid(
                "InvalidParameterValue",
                format!("There is no route defined for '{destination}' in the route table. Use CreateRoute instead."),
            )),
            (_, existing) => {
                let route = TableRoute { destination, target, state: "active".into() };
                match existing {
                    Some(index) => table.routes[index] = route,
                    None => table.routes.push(route),
                }
                Ok("    <return>true</return>\n".into())
            }
        }
    }

    fn describe_network_acls(&self, fields: &Fields) -> String {
        let items: String = self
            .acls
            .iter()
            .filter(|acl| wanted(fields, "NetworkAclId", &acl.id) && passes(fields, "vpc-id", &acl.vpc))
            .map(|acl| {
                let mut entries = acl.entries.clone();
                entries.sort_by_key(|entry| (entry.egress, entry.number));
                let entries: String = entries
                    .iter()
                    .map(|entry| {
                        let ports = entry
                            .ports
                            .map(|(from, to)| format!("<portRange><from>{from}</from><to>{to}</to></portRange>"))
                            .unwrap_or_default();
                        format!(
                            "<item><ruleNumber>{}</ruleNumber><protocol>{}</protocol><ruleAction>{}</ruleAction><egress>{}</egress><cidrBlock>{}</cidrBlock>{ports}</item>",
                            entry.number,
                            entry.protocol,
                            if entry.allow { "allow" } else { "deny" },
                            entry.egress,
                            entry.cidr
                        )
                    })
                    .collect();
                let suffix = &acl.id[4..];
                let associations: String = acl
                    .subnets
                    .iter()
                    .enumerate()
                    .map(|(n, subnet)| format!(
                        "<item><networkAclAssociationId>aclassoc-{n}{suffix}</networkAclAssociationId><networkAclId>{}</networkAclId><subnetId>{subnet}</subnetId></item>",
                        acl.id
                    ))
                    .collect();
                format!(
                    "<item><networkAclId>{}</networkAclId><vpcId>{}</vpcId><default>{}</default><entrySet>{entries}</entrySet><associationSet>{associations}</associationSet><tagSet/><ownerId>{OWNER}</ownerId></item>",
                    acl.id, acl.vpc, acl.default
                )
            })
            .collect();
        format!("    <networkAclSet>{items}</networkAclSet>\n")
    }

    fn create_acl_entry(&mut self, action: &str, fields: &Fields) -> Answer {
        let id = fields.get("NetworkAclId").cloned().unwrap_or_default();
        let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
        let number: u32 = field("RuleNumber").parse().map_err(|_| {
            invalid(
                "InvalidParameterValue",
                format!("Value ({}) for parameter ruleNumber is invalid.", field("RuleNumber")),
            )
        })?;
        let protocol = match field("Protocol").as_str() {
            "tcp" => "6".to_owned(),
            "udp" => "17".to_owned(),
            "icmp" => "1".to_owned(),
            "all" => "-1".to_owned(),
            other => other.to_owned(),
        };
        let ports = match (fields.get("PortRange.From"), fields.get("PortRange.To")) {
            (Some(from), Some(to)) => Some((from.parse().unwrap_or(0), to.parse().unwrap_or(0))),
            _ => None,
        };
        let entry = AclEntry {
            number,
            egress: field("Egress") == "true",
            protocol,
            allow: field("RuleAction") == "allow",
            cidr: field("CidrBlock"),
            ports,
        };
        let Some(acl) = self.acls.iter_mut().find(|acl| acl.id == id) else {
            return Err(invalid("InvalidNetworkAclID.NotFound", format!("The networkAcl ID '{id}' does not exist")));
        };
        let existing = acl.entries.iter().position(|e| e.number == number && e.egress == entry.egress);
        match (action, existing) {
            ("CreateNetworkAclEntry", Some(_)) => Err(invalid(
                "NetworkAclEntryAlreadyExists",
                format!("The network acl entry identified by {number} already exists."),
            )),
            ("ReplaceNetworkAclEntry", None) => Err(invalid(
                "InvalidNetworkAclEntry.NotFound",
                format!("The network acl entry identified by {number} does not exist."),
            )),
            (_, existing) => {
                match existing {
                    Some(index) => acl.entries[index] = entry,
                    None => acl.entries.push(entry),
                }
                Ok("".into())
            }
        }
    }

    fn describe_group_rules(&self, fields: &Fields) -> String {
        let items: String = self
            .group_rules
            .iter()
            .filter(|rule| passes(fields, "group-id", &rule.group))
            .map(|rule| {
                let peer = match (&rule.cidr, &rule.referenced_group) {
                    (Some(cidr), _) => element("cidrIpv4", cidr),
                    (None, Some(group)) => {
                        format!("<referencedGroupInfo><groupId>{group}</groupId><userId>{OWNER}</userId></referencedGroupInfo>")
                    }
                    (None, None) => String::new(),
                };
                format!(
                    "<item><securityGroupRuleId>{}</securityGroupRuleId><groupId>{}</groupId><groupOwnerId>{OWNER}</groupOwnerId><isEgress>{}</isEgress><ipProtocol>{}</ipProtocol><fromPort>{}</fromPort><toPort>{}</toPort>{peer}<tagSet/></item>",
                    rule.id, rule.group, rule.egress, rule.protocol, rule.ports.0, rule.ports.1
                )
            })
            .collect();
        format!("    <securityGroupRuleSet>{items}</securityGroupRuleSet>\n")
    }

    fn authorize_egress(&mut self, fields: &Fields) -> Answer {
        let group = fields.get("GroupId").cloned().unwrap_or_default();
        if !self.groups.iter().any(|(id, _)| *id == group) {
            return Err(invalid("InvalidGroup.NotFound", format!("The security group '{group}' does not exist")));
        }
        let mut added = String::new();
        for n in 1.. {
            let Some(protocol) = fields.get(&format!("IpPermissions.{n}.IpProtocol")) else { break };
            let port = |name: &str| fields.get(&format!("IpPermissions.{n}.{name}")).and_then(|p| p.parse().ok());
            let protocol = if protocol == "all" { "-1".to_owned() } else { protocol.clone() };
            let ports = (port("FromPort").unwrap_or(-1), port("ToPort").unwrap_or(-1));
            for m in 1.. {
                let Some(cidr) = fields.get(&format!("IpPermissions.{n}.IpRanges.{m}.CidrIp")) else { break };
                let id = self.fresh_id("sgr");
                added += &format!(
                    "<item><securityGroupRuleId>{id}</securityGroupRuleId><groupId>{group}</groupId><isEgress>true</isEgress><ipProtocol>{protocol}</ipProtocol><cidrIpv4>{cidr}</cidrIpv4></item>"
                );
                self.group_rules.push(GroupRule {
                    id,
                    group: group.clone(),
                    egress: true,
                    protocol: protocol.clone(),
                    ports,
                    cidr: Some(cidr.clone()),
                    referenced_group: None,
                });
            }
        }
        Ok(format!("    <return>true</return>\n    <securityGroupRuleSet>{added}</securityGroupRuleSet>\n"))
    }
}
