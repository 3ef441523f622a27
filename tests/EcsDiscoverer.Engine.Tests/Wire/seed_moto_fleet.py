"""Seeds a running moto server for the fleet (R17 scopes) tests: MotoFleetFixture and tests/Pester/Fleet.Tests.ps1.

Usage:
  python3 seed_moto_fleet.py ENDPOINT_URL            seed (moto's IAM checks must still be off); prints JSON
  python3 seed_moto_fleet.py ENDPOINT_URL set-hub-roles ADMIN_KEY ADMIN_SECRET USER ROLE_ARN...
                                                     replace USER's sts:AssumeRole grant by exactly these roles
                                                     (works with moto's IAM checks on: signed by the admin user)

What moto does, and what the seed relies on (moto 5.2):
  - AssumeRole hands out keys that moto files under the account of the role ARN, whether or not the role
    exists; every later request signed with them is served by that account's backends. So the seed
    assumes a role in each member account to create resources there, while the IAM checks are off.
  - With IAM checks on, a request signed with assumed-role keys is allowed by the inline policies of the
    role of that name in that account, so the role must exist there with a policy allowing the reads.
  - AssumeRole itself is checked against the caller's own policies only, with the role ARN as the resource:
    moto looks the role up in the caller's account, does not find a role of another account, and so never
    reads its trust policy. The hub user's grant therefore decides which roles can be assumed.
  - ECS and EC2 resources are per account and region; the region is read from the request's SigV4
    credential scope when the URL does not name one.

Created:
  - in the default account 123456789012: the users "fleet-hub" and "fleet-hub-revocable" (ECS/EC2 reads,
    sts:AssumeRole on the two member roles only), and "fleet-admin" (everything, for set-hub-roles);
  - in 111111111111 and 222222222222: the role "ecs-discovery" with the least-privilege read policy, and in
    each of us-east-1 and eu-west-1 a VPC, a subnet and the cluster "prod" (the same name everywhere, so the
    scopes must be kept apart) with one RUNNING Fargate task of the awsvpc family "fleet-web" whose container
    "web" is marked PROMETHEUS=true with PROMETHEUS_PORT 9100; its address is the ENI's private IP;
  - in 333333333333 the same role, which the hub users are not allowed to assume.
Prints one JSON object describing it on stdout; anything else goes to stderr.
"""

import json
import sys

import boto3

HUB_ACCOUNT = "123456789012"
MEMBER_ACCOUNTS = ["111111111111", "222222222222"]
DENIED_ACCOUNT = "333333333333"
REGIONS = ["us-east-1", "eu-west-1"]
ROLE_NAME = "ecs-discovery"
CLUSTER = "prod"
FAMILY = "fleet-web"
CONTAINER = "web"
PORT = 9100

READER_ACTIONS = [
    "ecs:ListClusters",
    "ecs:ListTasks",
    "ecs:DescribeTasks",
    "ecs:DescribeTaskDefinition",
    "ecs:DescribeContainerInstances",
    "ec2:DescribeInstances",
]


def role_arn(account):
    return f"arn:aws:iam::{account}:role/{ROLE_NAME}"


def hub_policy(roles):
    statements = [{"Effect": "Allow", "Action": READER_ACTIONS, "Resource": "*"}]
    if roles:
        statements.append({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": list(roles)})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def create_user(iam, name, policy):
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName=f"{name}-policy", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"accessKey": key["AccessKeyId"], "secretKey": key["SecretAccessKey"]}


def session_in(endpoint, base, account, region, _assumed={}):
    """A boto3 session whose keys moto files under ACCOUNT (see the module's notes); one AssumeRole per account."""
    if account not in _assumed:
        sts = base.client("sts", endpoint_url=endpoint)
        _assumed[account] = sts.assume_role(RoleArn=role_arn(account), RoleSessionName="seed")["Credentials"]
    credentials = _assumed[account]
    return boto3.session.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=region,
    )


def create_role(endpoint, base, account):
    iam = session_in(endpoint, base, account, "us-east-1").client("iam", endpoint_url=endpoint)
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{HUB_ACCOUNT}:root"}, "Action": "sts:AssumeRole"}],
    }
    iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(
        RoleName=ROLE_NAME,
        PolicyName="ecs-discovery-read",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": READER_ACTIONS, "Resource": "*"}]}),
    )


def seed_scope(endpoint, base, account, region, octet):
    session = session_in(endpoint, base, account, region)
    ec2 = session.client("ec2", endpoint_url=endpoint)
    ecs = session.client("ecs", endpoint_url=endpoint)

    vpc_id = ec2.create_vpc(CidrBlock=f"10.{octet}.0.0/16")["Vpc"]["VpcId"]
    # moto's awsvpc RunTask reads the ENI's private DNS name, which it only gives in a VPC with DNS hostnames.
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.{octet}.1.0/24")["Subnet"]["SubnetId"]
    group_id = ec2.create_security_group(GroupName="fleet-web", Description="fleet-web", VpcId=vpc_id)["GroupId"]

    cluster_arn = ecs.create_cluster(clusterName=CLUSTER)["cluster"]["clusterArn"]
    ecs.register_task_definition(
        family=FAMILY,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[
            {
                "name": CONTAINER,
                "image": "example/web:1.0",
                # moto adds up the containers' memory to place a task, even on Fargate.
                "memory": 128,
                "essential": True,
                "environment": [
                    {"name": "PROMETHEUS", "value": "true"},
                    {"name": "PROMETHEUS_PORT", "value": str(PORT)},
                ],
                "portMappings": [{"containerPort": PORT, "protocol": "tcp"}],
            }
        ],
    )
    tasks = ecs.run_task(
        cluster=CLUSTER,
        taskDefinition=FAMILY,
        count=1,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet_id], "securityGroups": [group_id]}},
    )["tasks"]
    if len(tasks) != 1:
        raise RuntimeError(f"RunTask placed {len(tasks)} task(s) in {account} {region}")
    task = tasks[0]
    details = {d["name"]: d["value"] for a in task["attachments"] for d in a["details"]}
    if task["clusterArn"] != cluster_arn or f":{account}:" not in cluster_arn or f":{region}:" not in cluster_arn:
        raise RuntimeError(f"moto did not keep {account} {region} apart: {cluster_arn}")
    return {
        "account": account,
        "region": region,
        "roleArn": role_arn(account),
        "clusterArn": cluster_arn,
        "taskArn": task["taskArn"],
        "address": f"{details['privateIPv4Address']}:{PORT}",
    }


def seed(endpoint):
    base = boto3.session.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret", region_name="us-east-1")
    iam = base.client("iam", endpoint_url=endpoint)
    member_roles = [role_arn(a) for a in MEMBER_ACCOUNTS]
    hub = create_user(iam, "fleet-hub", hub_policy(member_roles))
    revocable = create_user(iam, "fleet-hub-revocable", hub_policy(member_roles))
    admin = create_user(iam, "fleet-admin", json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))

    for account in MEMBER_ACCOUNTS + [DENIED_ACCOUNT]:
        create_role(endpoint, base, account)

    scopes = []
    octet = 10
    for account in MEMBER_ACCOUNTS:
        for region in REGIONS:
            scopes.append(seed_scope(endpoint, base, account, region, octet))
            octet += 1

    return {
        "hub": hub,
        "revocable": revocable,
        "admin": admin,
        "hubUserName": "fleet-hub",
        "revocableUserName": "fleet-hub-revocable",
        "memberRoleArns": member_roles,
        "deniedRoleArn": role_arn(DENIED_ACCOUNT),
        "cluster": CLUSTER,
        "scopes": scopes,
    }


def set_hub_roles(endpoint, admin_key, admin_secret, user, roles):
    iam = boto3.session.Session(aws_access_key_id=admin_key, aws_secret_access_key=admin_secret, region_name="us-east-1").client(
        "iam", endpoint_url=endpoint
    )
    iam.put_user_policy(UserName=user, PolicyName=f"{user}-policy", PolicyDocument=hub_policy(roles))


def main() -> int:
    if len(sys.argv) == 2:
        json.dump(seed(sys.argv[1]), sys.stdout)
        print()
        return 0

    if len(sys.argv) >= 6 and sys.argv[2] == "set-hub-roles":
        set_hub_roles(sys.argv[1], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
        return 0

    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
