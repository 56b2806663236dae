//! What cvpn reads of a VPC, as plain values: its subnets and CIDR blocks (`cvpn up`'s
//! pre-flight), and for `cvpn doctor` its DNS support, route tables, network ACLs and the rules of
//! the endpoint's security groups. Not Client VPN operations, so not commands of their own; every
//! one is a read, and the paged ones are read to the last page.

use aws_sdk_ec2::types::{Filter, VpcAttributeName};

use super::{Call, check_whole_answer, plain_call as call, plain_failure as refused};
use crate::aws::connection::Connection;
use crate::doctor::vpc::{AclEntry, GroupRule, NetworkAcl, RouteTable, TableRoute};
use crate::failure::Failure;
use crate::provision::preflight::{Subnet, Vpc};

/// Every page of a paged read: `page` sends the request for one token and gives that page's
/// items and the next token (none, or empty, on the last page).
async fn every_page<T, Page>(
    call: &Call<'_>,
    root: &str,
    mut page: impl FnMut(Option<String>) -> Page,
) -> Result<Vec<T>, Failure>
where
    Page: std::future::Future<Output = Result<(Vec<T>, Option<String>), Failure>>,
{
    let (mut found, mut token) = (Vec::new(), None);
    loop {
        let (items, next) = page(token).await?;
        check_whole_answer(call, root)?;
        found.extend(items);
        token = next.filter(|token| !token.is_empty());
        if token.is_none() {
            return Ok(found);
        }
    }
}

fn vpc_filter(vpc: &str) -> Filter {
    Filter::builder().name("vpc-id").values(vpc).build()
}

fn subnet_of(subnet: &aws_sdk_ec2::types::Subnet) -> Subnet {
    Subnet {
        id: subnet.subnet_id().unwrap_or_default().to_owned(),
        vpc_id: subnet.vpc_id().unwrap_or_default().to_owned(),
        availability_zone: subnet.availability_zone().unwrap_or_default().to_owned(),
        cidr_block: subnet.cidr_block().unwrap_or_default().to_owned(),
        free_addresses: subnet.available_ip_address_count().unwrap_or_default(),
    }
}

/// The subnets with these IDs (EC2 refuses the whole request when one does not exist).
pub async fn subnets(connection: &Connection, ids: &[String]) -> Result<Vec<Subnet>, Failure> {
    let call = call("DescribeSubnets", connection.log());
    let answer = match connection.ec2().describe_subnets().set_subnet_ids(Some(ids.to_vec())).send().await {
        Ok(answer) => answer,
        Err(error) => return Err(refused(error, &call)),
    };
    check_whole_answer(&call, "DescribeSubnetsResponse")?;
    Ok(answer.subnets().iter().map(subnet_of).collect())
}

/// Every subnet of a VPC.
pub async fn subnets_of_vpc(connection: &Connection, vpc: &str) -> Result<Vec<Subnet>, Failure> {
    let call = call("DescribeSubnets", connection.log());
    every_page(&call, "DescribeSubnetsResponse", |token| async {
        let request = connection.ec2().describe_subnets().filters(vpc_filter(vpc)).set_next_token(token);
        let answer = request.send().await.map_err(|error| refused(error, &call))?;
        Ok((answer.subnets().iter().map(subnet_of).collect(), answer.next_token().map(str::to_owned)))
    })
    .await
}

/// The VPC's `enableDnsSupport`.
pub async fn dns_support(connection: &Connection, vpc: &str) -> Result<bool, Failure> {
    let call = call("DescribeVpcAttribute", connection.log());
    let request = connection.ec2().describe_vpc_attribute().vpc_id(vpc).attribute(VpcAttributeName::EnableDnsSupport);
    let answer = request.send().await.map_err(|error| refused(error, &call))?;
    check_whole_answer(&call, "DescribeVpcAttributeResponse")?;
    Ok(answer.enable_dns_support().and_then(|value| value.value()).unwrap_or(true))
}

fn route_of(route: &aws_sdk_ec2::types::Route) -> TableRoute {
    let targets = [
        route.gateway_id(),
        route.nat_gateway_id(),
        route.transit_gateway_id(),
        route.vpc_peering_connection_id(),
        route.network_interface_id(),
        route.instance_id(),
        route.local_gateway_id(),
        route.carrier_gateway_id(),
        route.egress_only_internet_gateway_id(),
        route.core_network_arn(),
    ];
    TableRoute {
        destination: route.destination_cidr_block().and_then(|cidr| cidr.parse().ok()),
        target: targets.into_iter().flatten().next().unwrap_or_default().to_owned(),
        blackhole: route.state().map(|state| state.as_str()) == Some("blackhole"),
    }
}

/// Every route table of a VPC.
pub async fn route_tables(connection: &Connection, vpc: &str) -> Result<Vec<RouteTable>, Failure> {
    let call = call("DescribeRouteTables", connection.log());
    every_page(&call, "DescribeRouteTablesResponse", |token| async {
        let request = connection.ec2().describe_route_tables().filters(vpc_filter(vpc)).set_next_token(token);
        let answer = request.send().await.map_err(|error| refused(error, &call))?;
        let tables = answer.route_tables().iter().map(|table| RouteTable {
            id: table.route_table_id().unwrap_or_default().to_owned(),
            main: table.associations().iter().any(|association| association.main() == Some(true)),
            subnets: table.associations().iter().filter_map(|a| a.subnet_id()).map(str::to_owned).collect(),
            routes: table.routes().iter().map(route_of).collect(),
        });
        Ok((tables.collect(), answer.next_token().map(str::to_owned)))
    })
    .await
}

fn acl_of(acl: &aws_sdk_ec2::types::NetworkAcl) -> NetworkAcl {
    let entry_of = |entry: &aws_sdk_ec2::types::NetworkAclEntry| AclEntry {
        number: entry.rule_number().unwrap_or_default(),
        egress: entry.egress() == Some(true),
        protocol: entry.protocol().unwrap_or("-1").to_owned(),
        allow: entry.rule_action().map(|action| action.as_str()) == Some("allow"),
        cidr: entry.cidr_block().and_then(|cidr| cidr.parse().ok()),
        ports: entry.port_range().map(|range| (range.from().unwrap_or_default(), range.to().unwrap_or(65535))),
    };
    NetworkAcl {
        id: acl.network_acl_id().unwrap_or_default().to_owned(),
        default: acl.is_default() == Some(true),
        subnets: acl.associations().iter().filter_map(|a| a.subnet_id()).map(str::to_owned).collect(),
        entries: acl.entries().iter().map(entry_of).collect(),
    }
}

/// Every network ACL of a VPC.
pub async fn network_acls(connection: &Connection, vpc: &str) -> Result<Vec<NetworkAcl>, Failure> {
    let call = call("DescribeNetworkAcls", connection.log());
    every_page(&call, "DescribeNetworkAclsResponse", |token| async {
        let request = connection.ec2().describe_network_acls().filters(vpc_filter(vpc)).set_next_token(token);
        let answer = request.send().await.map_err(|error| refused(error, &call))?;
        Ok((answer.network_acls().iter().map(acl_of).collect(), answer.next_token().map(str::to_owned)))
    })
    .await
}

/// Every rule of these security groups.
pub async fn group_rules(connection: &Connection, groups: &[String]) -> Result<Vec<GroupRule>, Failure> {
    let call = call("DescribeSecurityGroupRules", connection.log());
    let filter = Filter::builder().name("group-id").set_values(Some(groups.to_vec())).build();
    let rule_of = |rule: &aws_sdk_ec2::types::SecurityGroupRule| GroupRule {
        group: rule.group_id().unwrap_or_default().to_owned(),
        egress: rule.is_egress() == Some(true),
        protocol: rule.ip_protocol().unwrap_or("-1").to_owned(),
        cidr: rule.cidr_ipv4().and_then(|cidr| cidr.parse().ok()),
    };
    every_page(&call, "DescribeSecurityGroupRulesResponse", |token| async {
        let request = connection.ec2().describe_security_group_rules().filters(filter.clone()).set_next_token(token);
        let answer = request.send().await.map_err(|error| refused(error, &call))?;
        Ok((answer.security_group_rules().iter().map(rule_of).collect(), answer.next_token().map(str::to_owned)))
    })
    .await
}

/// A VPC and every IPv4 CIDR block associated with it.
pub async fn vpc(connection: &Connection, id: &str) -> Result<Vpc, Failure> {
    let call = call("DescribeVpcs", connection.log());
    let answer = match connection.ec2().describe_vpcs().vpc_ids(id).send().await {
        Ok(answer) => answer,
        Err(error) => return Err(refused(error, &call)),
    };
    check_whole_answer(&call, "DescribeVpcsResponse")?;
    let found = answer.vpcs().iter().find(|vpc| vpc.vpc_id() == Some(id));
    let Some(found) = found else {
        return Err(Failure::other(format!("DescribeVpcs did not list {id}")));
    };
    let mut cidr_blocks: Vec<String> = found
        .cidr_block_association_set()
        .iter()
        .filter(|association| {
            association.cidr_block_state().and_then(|state| state.state()).map(|state| state.as_str())
                == Some("associated")
        })
        .filter_map(|association| association.cidr_block().map(str::to_owned))
        .collect();
    if let Some(primary) = found.cidr_block()
        && !cidr_blocks.iter().any(|block| block == primary)
    {
        cidr_blocks.insert(0, primary.to_owned());
    }
    Ok(Vpc { id: id.to_owned(), cidr_blocks })
}
