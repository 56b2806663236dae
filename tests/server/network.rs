//! The VPC every region of the local server starts with: one VPC and a subnet in each of two
//! Availability Zones, answered by DescribeVpcs and DescribeSubnets with EC2's `…Set` wrappers.

pub const VPC_ID: &str = "vpc-0a1b2c3d4e5f60718";
pub const VPC_CIDR: &str = "172.31.0.0/16";
/// (subnet id, CIDR block, Availability Zone suffix).
pub const SUBNETS: [(&str, &str, &str); 2] =
    [("subnet-0a1b2c3d4e5f60001", "172.31.0.0/20", "a"), ("subnet-0a1b2c3d4e5f60002", "172.31.16.0/20", "b")];

fn wanted(fields: &std::collections::HashMap<String, String>, prefix: &str, id: &str) -> bool {
    let ids: Vec<&String> = (1..).map_while(|n| fields.get(&format!("{prefix}.{n}"))).collect();
    ids.is_empty() || ids.iter().any(|wanted| *wanted == id)
}

pub fn describe_vpcs(fields: &std::collections::HashMap<String, String>) -> Result<String, (String, String)> {
    if let Some(missing) = (1..).map_while(|n| fields.get(&format!("VpcId.{n}"))).find(|id| *id != VPC_ID) {
        return Err(("InvalidVpcID.NotFound".into(), format!("The vpc ID '{missing}' does not exist")));
    }
    let item = if wanted(fields, "VpcId", VPC_ID) {
        format!(
            "<item><vpcId>{VPC_ID}</vpcId><state>available</state><cidrBlock>{VPC_CIDR}</cidrBlock><cidrBlockAssociationSet><item><associationId>vpc-cidr-assoc-0a1b2c3d4e5f60718</associationId><cidrBlock>{VPC_CIDR}</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item></cidrBlockAssociationSet><isDefault>false</isDefault></item>"
        )
    } else {
        String::new()
    };
    Ok(format!("    <vpcSet>{item}</vpcSet>\n"))
}

pub fn describe_subnets(
    fields: &std::collections::HashMap<String, String>,
    region: &str,
) -> Result<String, (String, String)> {
    let known = |id: &String| SUBNETS.iter().any(|(subnet, _, _)| subnet == id);
    if let Some(missing) = (1..).map_while(|n| fields.get(&format!("SubnetId.{n}"))).find(|id| !known(id)) {
        return Err(("InvalidSubnetID.NotFound".into(), format!("The subnet ID '{missing}' does not exist")));
    }
    let items: String = SUBNETS
        .iter()
        .filter(|(id, _, _)| wanted(fields, "SubnetId", id))
        .map(|(id, cidr, zone)| {
            format!(
                "<item><subnetId>{id}</subnetId><state>available</state><vpcId>{VPC_ID}</vpcId><cidrBlock>{cidr}</cidrBlock><availableIpAddressCount>4091</availableIpAddressCount><availabilityZone>{region}{zone}</availabilityZone><availabilityZoneId>use1-az{}</availabilityZoneId><defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>false</mapPublicIpOnLaunch></item>",
                if *zone == "a" { 1 } else { 2 }
            )
        })
        .collect();
    Ok(format!("    <subnetSet>{items}</subnetSet>\n"))
}
