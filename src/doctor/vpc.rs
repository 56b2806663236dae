//! The path from an associated subnet into the VPC and beyond, as the EC2 API describes it
//! (route tables, network ACLs, security group rules), as plain values, and how AWS evaluates
//! each: a subnet uses its explicitly associated route table, else the VPC's main one, and the
//! route with the longest matching prefix; a network ACL's entries apply in rule-number order,
//! the first that matches decides, per direction; security groups are stateful, so one egress
//! rule that covers the destination lets traffic out and its replies back (Amazon VPC user guide:
//! "Route tables", "Network ACLs", "Security group rules").

use ipnet::Ipv4Net;

/// One route of a route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRoute {
    /// A CIDR; none for a prefix-list or IPv6 route.
    pub destination: Option<Ipv4Net>,
    /// The target's ID: `local`, `igw-…`, `nat-…`, `tgw-…`, `pcx-…`, `vgw-…`, `eni-…`, ...
    pub target: String,
    /// `blackhole` when the target is gone.
    pub blackhole: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTable {
    pub id: String,
    pub main: bool,
    /// The subnets associated with it explicitly.
    pub subnets: Vec<String>,
    pub routes: Vec<TableRoute>,
}

/// One entry of a network ACL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclEntry {
    pub number: i32,
    pub egress: bool,
    /// `-1` (every protocol), else the protocol number (`6` TCP, `17` UDP).
    pub protocol: String,
    pub allow: bool,
    /// None for an IPv6 entry.
    pub cidr: Option<Ipv4Net>,
    /// TCP and UDP entries' port range.
    pub ports: Option<(i32, i32)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkAcl {
    pub id: String,
    pub default: bool,
    pub subnets: Vec<String>,
    pub entries: Vec<AclEntry>,
}

/// One rule of a security group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRule {
    pub group: String,
    pub egress: bool,
    /// `-1` for every protocol.
    pub protocol: String,
    /// The CIDR it allows; none when it names a security group or a prefix list.
    pub cidr: Option<Ipv4Net>,
}

/// The route table a subnet uses: its own, else the main one.
pub fn table_of<'a>(tables: &'a [RouteTable], subnet: &str) -> Option<&'a RouteTable> {
    tables
        .iter()
        .find(|table| table.subnets.iter().any(|of| of == subnet))
        .or_else(|| tables.iter().find(|table| table.main))
}

/// The route the table sends `destination` by: the longest prefix that holds all of it.
pub fn route_for<'a>(table: &'a RouteTable, destination: &Ipv4Net) -> Option<&'a TableRoute> {
    table
        .routes
        .iter()
        .filter(|route| route.destination.is_some_and(|network| network.contains(destination)))
        .max_by_key(|route| route.destination.map(|network| network.prefix_len()))
}

/// Whether some route of the table sends part of `destination` beyond the VPC (a longer prefix
/// inside it, not the local route): a destination the table leads only partly to.
pub fn routes_part_of(table: &RouteTable, destination: &Ipv4Net) -> bool {
    table
        .routes
        .iter()
        .filter(|route| !route.blackhole && route.target != "local")
        .any(|route| route.destination.is_some_and(|network| destination.contains(&network)))
}

/// The network ACL of a subnet: the one it is associated with, else the VPC's default.
pub fn acl_of<'a>(acls: &'a [NetworkAcl], subnet: &str) -> Option<&'a NetworkAcl> {
    acls.iter().find(|acl| acl.subnets.iter().any(|of| of == subnet)).or_else(|| acls.iter().find(|acl| acl.default))
}

/// What an ACL does to traffic of one direction between the subnet and `peer`, on `protocol`
/// and `ports`: the first entry in rule-number order whose CIDR holds the whole peer network
/// and whose protocol and ports hold the traffic decides (entries that cover only part of it are
/// stepped over, so the answer is for most of the traffic). `(allowed, the deciding rule)`.
pub fn acl_decides(acl: &NetworkAcl, egress: bool, peer: &Ipv4Net, protocol: &str, ports: (i32, i32)) -> (bool, i32) {
    let mut entries: Vec<&AclEntry> = acl.entries.iter().filter(|entry| entry.egress == egress).collect();
    entries.sort_by_key(|entry| entry.number);
    for entry in entries {
        let Some(cidr) = entry.cidr else { continue };
        let protocol_matches = entry.protocol == "-1" || entry.protocol == protocol;
        let ports_match =
            entry.protocol == "-1" || entry.ports.is_none_or(|(from, to)| from <= ports.0 && ports.1 <= to);
        if cidr.contains(peer) && protocol_matches && ports_match {
            return (entry.allow, entry.number);
        }
    }
    (false, i32::MAX)
}

/// A rule number free below `below` for an entry of this direction to go before it.
pub fn free_rule_number(acl: &NetworkAcl, egress: bool, below: i32) -> i32 {
    let taken = |number: i32| acl.entries.iter().any(|entry| entry.egress == egress && entry.number == number);
    let candidates = (1..below.min(32767)).rev();
    candidates
        .clone()
        .find(|number| number % 10 == 0 && !taken(*number))
        .or_else(|| candidates.clone().find(|number| !taken(*number)))
        .unwrap_or(1)
}

/// Whether the groups' egress rules let traffic to `destination` out: a rule for a CIDR holding
/// all of it, or one naming a security group or a prefix list (which may, so it is not doubted).
pub fn egress_allows(rules: &[GroupRule], groups: &[String], destination: &Ipv4Net) -> bool {
    rules
        .iter()
        .filter(|rule| rule.egress && groups.contains(&rule.group))
        .any(|rule| rule.cidr.is_none_or(|cidr| cidr.contains(destination)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> Ipv4Net {
        text.parse().unwrap()
    }

    fn route(destination: &str, target: &str) -> TableRoute {
        TableRoute { destination: Some(net(destination)), target: target.into(), blackhole: false }
    }

    fn entry(
        number: i32,
        egress: bool,
        protocol: &str,
        allow: bool,
        cidr: &str,
        ports: Option<(i32, i32)>,
    ) -> AclEntry {
        AclEntry { number, egress, protocol: protocol.into(), allow, cidr: Some(net(cidr)), ports }
    }

    #[test]
    fn a_subnet_uses_its_own_table_else_the_main_one_and_the_longest_prefix() {
        let main = RouteTable {
            id: "rtb-main".into(),
            main: true,
            subnets: vec![],
            routes: vec![route("172.31.0.0/16", "local"), route("0.0.0.0/0", "igw-1")],
        };
        let own = RouteTable {
            id: "rtb-own".into(),
            main: false,
            subnets: vec!["subnet-2".into()],
            routes: vec![route("172.31.0.0/16", "local"), route("10.0.0.0/8", "tgw-1")],
        };
        let tables = [main, own];
        assert_eq!(table_of(&tables, "subnet-1").unwrap().id, "rtb-main");
        assert_eq!(table_of(&tables, "subnet-2").unwrap().id, "rtb-own");
        assert_eq!(route_for(&tables[0], &net("172.31.5.0/24")).unwrap().target, "local");
        assert_eq!(route_for(&tables[0], &net("10.1.0.0/16")).unwrap().target, "igw-1");
        assert_eq!(route_for(&tables[1], &net("10.1.0.0/16")).unwrap().target, "tgw-1");
        assert!(route_for(&tables[1], &net("0.0.0.0/0")).is_none());
        assert!(routes_part_of(&tables[1], &net("0.0.0.0/0")), "10.0.0.0/8 is part of it");
        let local_only = RouteTable { routes: vec![route("172.31.0.0/16", "local")], ..tables[0].clone() };
        assert!(!routes_part_of(&local_only, &net("0.0.0.0/0")), "the VPC itself is not a way out");
    }

    #[test]
    fn an_acl_is_read_in_rule_order_per_direction_and_the_first_whole_match_decides() {
        let acl = NetworkAcl {
            id: "acl-1".into(),
            default: false,
            subnets: vec!["subnet-1".into()],
            entries: vec![
                entry(32767, true, "-1", false, "0.0.0.0/0", None),
                entry(100, true, "-1", true, "0.0.0.0/0", None),
                entry(90, true, "-1", false, "10.9.0.0/16", None),
                entry(100, false, "6", true, "0.0.0.0/0", Some((1024, 65535))),
                entry(32767, false, "-1", false, "0.0.0.0/0", None),
            ],
        };
        assert_eq!(acl_decides(&acl, true, &net("10.9.1.0/24"), "-1", (0, 65535)), (false, 90));
        assert_eq!(acl_decides(&acl, true, &net("10.8.0.0/16"), "-1", (0, 65535)), (true, 100));
        assert_eq!(acl_decides(&acl, false, &net("10.8.0.0/16"), "6", (1024, 65535)), (true, 100));
        assert_eq!(acl_decides(&acl, false, &net("10.8.0.0/16"), "17", (1024, 65535)), (false, 32767));
        assert_eq!(free_rule_number(&acl, true, 90), 80);
        assert_eq!(free_rule_number(&acl, false, 100), 90);
    }

    #[test]
    fn egress_is_allowed_by_a_covering_cidr_or_a_group_reference() {
        let rule = |group: &str, cidr: Option<&str>| GroupRule {
            group: group.into(),
            egress: true,
            protocol: "-1".into(),
            cidr: cidr.map(net),
        };
        let groups = ["sg-1".to_owned()];
        assert!(egress_allows(&[rule("sg-1", Some("0.0.0.0/0"))], &groups, &net("10.0.0.0/8")));
        assert!(!egress_allows(&[rule("sg-1", Some("172.31.0.0/16"))], &groups, &net("10.0.0.0/8")));
        assert!(!egress_allows(&[rule("sg-2", Some("0.0.0.0/0"))], &groups, &net("10.0.0.0/8")), "another group");
        assert!(egress_allows(&[rule("sg-1", None)], &groups, &net("10.0.0.0/8")), "a group reference");
        assert!(!egress_allows(&[], &groups, &net("10.0.0.0/8")), "no egress rule at all");
    }
}
