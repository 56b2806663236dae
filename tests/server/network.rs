//! The VPCs every region of the local server starts with, answered by DescribeVpcs and
//! DescribeSubnets with EC2's `…Set` wrappers: the main VPC with a subnet in each of two
//! Availability Zones (`SUBNETS`), and for the mistakes `cvpn up` must catch a third subnet in
//! the first zone and a second VPC with a subnet of its own (`MORE_SUBNETS`).

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

/// Every subnet: (id, CIDR block, zone suffix, VPC).
pub fn all_subnets() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    SUBNETS.iter().map(|(id, cidr, zone)| (*id, *cidr, *zone, VPC_ID)).chain(MORE_SUBNETS).collect()
}

fn wanted(fields: &std::collections::HashMap<String, String>, prefix: &str, id: &str) -> bool {
    let ids: Vec<&String> = (1..).map_while(|n| fields.get(&format!("{prefix}.{n}"))).collect();
    ids.is_empty() || ids.iter().any(|wanted| *wanted == id)
}

pub fn describe_vpcs(fields: &std::collections::HashMap<String, String>) -> Result<String, (String, String)> {
    let vpcs = [(VPC_ID, VPC_CIDR, "0a1b2c3d4e5f60718"), (OTHER_VPC_ID, OTHER_VPC_CIDR, "0b1b2c3d4e5f60718")];
    if let Some(missing) =
        (1..).map_while(|n| fields.get(&format!("VpcId.{n}"))).find(|id| !vpcs.iter().any(|(vpc, _, _)| vpc == id))
    {
        return Err(("InvalidVpcID.NotFound".into(), format!("The vpc ID '{missing}' does not exist")));
    }
    let items: String = vpcs
        .iter()
        .filter(|(id, _, _)| wanted(fields, "VpcId", id))
        .map(|(id, cidr, suffix)| format!(
            "<item><vpcId>{id}</vpcId><state>available</state><cidrBlock>{cidr}</cidrBlock><cidrBlockAssociationSet><item><associationId>vpc-cidr-assoc-{suffix}</associationId><cidrBlock>{cidr}</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item></cidrBlockAssociationSet><isDefault>false</isDefault></item>"
        ))
        .collect();
    Ok(format!("    <vpcSet>{items}</vpcSet>\n"))
}

pub fn describe_subnets(
    fields: &std::collections::HashMap<String, String>,
    region: &str,
) -> Result<String, (String, String)> {
    let subnets = all_subnets();
    let known = |id: &String| subnets.iter().any(|(subnet, _, _, _)| subnet == id);
    if let Some(missing) = (1..).map_while(|n| fields.get(&format!("SubnetId.{n}"))).find(|id| !known(id)) {
        return Err(("InvalidSubnetID.NotFound".into(), format!("The subnet ID '{missing}' does not exist")));
    }
    let items: String = subnets
        .iter()
        .filter(|(id, _, _, _)| wanted(fields, "SubnetId", id))
        .map(|(id, cidr, zone, vpc)| {
            format!(
                "<item><subnetId>{id}</subnetId><state>available</state><vpcId>{vpc}</vpcId><cidrBlock>{cidr}</cidrBlock><availableIpAddressCount>4091</availableIpAddressCount><availabilityZone>{region}{zone}</availabilityZone><availabilityZoneId>use1-az{}</availabilityZoneId><defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>false</mapPublicIpOnLaunch></item>",
                if *zone == "a" { 1 } else { 2 }
            )
        })
        .collect();
    Ok(format!("    <subnetSet>{items}</subnetSet>\n"))
}
