"""Seeds a running moto server for the wire tests (MotoServerFixture runs this).

Usage: python3 seed_moto.py ENDPOINT_URL

Creates, through moto's real AWS APIs (boto3):
  - a VPC with DNS hostnames enabled and a subnet in it,
  - one EC2 instance in that subnet,
  - the ECS cluster "wire-cluster" with that instance registered as a container instance,
  - the bridge task definition family "wire-web" (one container, PROMETHEUS=true,
    PROMETHEUS_ENDPOINT=/m, containerPort 8080),
  - three tasks of it on the container instance (RunTask, launch type EC2), and a fourth one
    that is stopped again at once (StopTask). moto's ListTasks lists it unless the request asks
    for desiredStatus RUNNING (moto does not default to RUNNING), so the tests can check that
    our request asks for it,
  - IAM users for the tests, to be used once the fixture has turned on moto's IAM checks
    (POST /moto-api/reset-auth): "wire-reader" with exactly the project's least-privilege
    policy, and "wire-denied" allowed only ecs:ListClusters.
Prints one JSON object describing what it created on stdout; anything else goes to stderr.
"""

import json
import sys

import boto3

CLUSTER = "wire-cluster"
FAMILY = "wire-web"
CONTAINER = "web"
TASK_COUNT = 3

# The least-privilege policy of docs: discovery calls nothing else.
READER_ACTIONS = [
    "ecs:ListClusters",
    "ecs:ListTasks",
    "ecs:DescribeTasks",
    "ecs:DescribeTaskDefinition",
    "ecs:DescribeContainerInstances",
    "ec2:DescribeInstances",
]


def create_user(iam, name, actions):
    iam.create_user(UserName=name)
    iam.put_user_policy(
        UserName=name,
        PolicyName=f"{name}-policy",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}
        ),
    )
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"accessKey": key["AccessKeyId"], "secretKey": key["SecretAccessKey"]}


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: seed_moto.py ENDPOINT_URL", file=sys.stderr)
        return 2

    session = boto3.session.Session(
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        region_name="us-east-1",
    )
    endpoint = sys.argv[1]
    ec2 = session.client("ec2", endpoint_url=endpoint)
    ecs = session.client("ecs", endpoint_url=endpoint)
    iam = session.client("iam", endpoint_url=endpoint)

    vpc_id = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.42.1.0/24")["Subnet"]["SubnetId"]

    images = ec2.describe_images(Owners=["amazon"])["Images"]
    image_id = images[0]["ImageId"] if images else "ami-12345678"
    instance = ec2.run_instances(
        ImageId=image_id, MinCount=1, MaxCount=1, InstanceType="t3.medium", SubnetId=subnet_id
    )["Instances"][0]
    instance_id = instance["InstanceId"]
    private_ip = instance["PrivateIpAddress"]

    cluster_arn = ecs.create_cluster(clusterName=CLUSTER)["cluster"]["clusterArn"]
    identity_document = json.dumps(
        {
            "instanceId": instance_id,
            "region": "us-east-1",
            "availabilityZone": instance["Placement"]["AvailabilityZone"],
            "privateIp": private_ip,
            "imageId": image_id,
            "instanceType": "t3.medium",
            "accountId": "123456789012",
        }
    )
    container_instance_arn = ecs.register_container_instance(
        cluster=CLUSTER, instanceIdentityDocument=identity_document
    )["containerInstance"]["containerInstanceArn"]

    task_definition_arn = ecs.register_task_definition(
        family=FAMILY,
        networkMode="bridge",
        containerDefinitions=[
            {
                "name": CONTAINER,
                "image": "example/web:1.0",
                "memory": 128,
                "essential": True,
                "environment": [
                    {"name": "PROMETHEUS", "value": "true"},
                    {"name": "PROMETHEUS_ENDPOINT", "value": "/m"},
                ],
                "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
            }
        ],
    )["taskDefinition"]["taskDefinitionArn"]

    run = ecs.run_task(
        cluster=CLUSTER, taskDefinition=FAMILY, count=TASK_COUNT, launchType="EC2"
    )
    task_arns = [t["taskArn"] for t in run["tasks"]]
    if len(task_arns) != TASK_COUNT:
        print(f"RunTask placed {len(task_arns)} task(s), not {TASK_COUNT}: {run.get('failures')}", file=sys.stderr)
        return 1

    stopped = ecs.run_task(cluster=CLUSTER, taskDefinition=FAMILY, count=1, launchType="EC2")["tasks"]
    if len(stopped) != 1:
        print("RunTask did not place the task to stop", file=sys.stderr)
        return 1
    stopped_task_arn = stopped[0]["taskArn"]
    ecs.stop_task(cluster=CLUSTER, task=stopped_task_arn, reason="stopped by seed_moto.py")
    if stopped_task_arn not in ecs.list_tasks(cluster=CLUSTER)["taskArns"]:
        print("moto's ListTasks without desiredStatus no longer lists stopped tasks: the test premise is gone", file=sys.stderr)
        return 1

    reader = create_user(iam, "wire-reader", READER_ACTIONS)
    denied = create_user(iam, "wire-denied", ["ecs:ListClusters"])

    json.dump(
        {
            "reader": reader,
            "denied": denied,
            "vpcId": vpc_id,
            "subnetId": subnet_id,
            "instanceId": instance_id,
            "privateIp": private_ip,
            "clusterArn": cluster_arn,
            "containerInstanceArn": container_instance_arn,
            "taskDefinitionArn": task_definition_arn,
            "containerName": CONTAINER,
            "taskArns": task_arns,
            "stoppedTaskArn": stopped_task_arn,
        },
        sys.stdout,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
