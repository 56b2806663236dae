//! DescribeSubnets and DescribeVpcs, for `cvpn up`'s pre-flight: what a subnet and a VPC are, as
//! plain values. Not Client VPN operations, so not commands of their own.

use super::{AttemptLog, Call, check_whole_answer, sort_error};
use crate::aws::connection::Connection;
use crate::failure::Failure;
use crate::provision::preflight::{Subnet, Vpc};

fn call<'a>(operation: &'static str, log: &'a AttemptLog) -> Call<'a> {
    Call { operation, log, dry_run: false, unknown_outcome_hint: None }
}

/// The subnets with these IDs (EC2 refuses the whole request when one does not exist).
pub async fn subnets(connection: &Connection, ids: &[String]) -> Result<Vec<Subnet>, Failure> {
    let call = call("DescribeSubnets", connection.log());
    let answer = match connection.ec2().describe_subnets().set_subnet_ids(Some(ids.to_vec())).send().await {
        Ok(answer) => answer,
        Err(error) => return Err(sort_error(error, &call).err().unwrap_or_else(|| Failure::other("a dry run answer"))),
    };
    check_whole_answer(&call, "DescribeSubnetsResponse")?;
    Ok(answer
        .subnets()
        .iter()
        .map(|subnet| Subnet {
            id: subnet.subnet_id().unwrap_or_default().to_owned(),
            vpc_id: subnet.vpc_id().unwrap_or_default().to_owned(),
            availability_zone: subnet.availability_zone().unwrap_or_default().to_owned(),
            cidr_block: subnet.cidr_block().unwrap_or_default().to_owned(),
        })
        .collect())
}

/// A VPC and every IPv4 CIDR block associated with it.
pub async fn vpc(connection: &Connection, id: &str) -> Result<Vpc, Failure> {
    let call = call("DescribeVpcs", connection.log());
    let answer = match connection.ec2().describe_vpcs().vpc_ids(id).send().await {
        Ok(answer) => answer,
        Err(error) => return Err(sort_error(error, &call).err().unwrap_or_else(|| Failure::other("a dry run answer"))),
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
