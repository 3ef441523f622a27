"""Seeds a running moto server for the event-driven discovery tests (issue 14): MotoEventsFixture runs this.

Usage: python3 seed_moto_events.py ENDPOINT_URL       (moto's IAM checks must still be off); prints JSON

Created, through moto's real APIs (boto3), in the account 123456789012 and us-east-1:
  - the stack "ecs-discoverer-events" of docs/deploy/ecs-events.yaml, deployed by moto's CloudFormation
    (so the tests prove the template) with Replicas 2 and ClusterArns = the cluster below: the queues
    "ecs-events" and "ecs-events-2" (SSE-SQS, a dead-letter queue each), the EventBridge rule "ecs-events"
    on the default bus targeting both, and the managed policy with the three SQS actions on both queues;
  - moto's CloudFormation skips AWS::SQS::QueuePolicy (it is not among its supported resources: the stack
    reports CREATE_COMPLETE and nothing is set), so the seed sets the same queue policy, EventBridge
    allowed sqs:SendMessage from the rule's ARN, with SetQueueAttributes. moto's EventBridge delivers to
    SQS without reading that policy anyway;
  - a VPC (DNS hostnames on), a subnet, a security group, one EC2 instance, the cluster "events-cluster"
    with that instance registered as a container instance;
  - the bridge task definition "events-web" (container "web", PROMETHEUS=true, PROMETHEUS_ENDPOINT=/m,
    containerPort 8080) and the awsvpc Fargate one "events-fargate" (container "web", PROMETHEUS=true,
    PROMETHEUS_PORT=9100, containerPort 9100);
  - two RUNNING tasks (RunTask): one "events-web" on the container instance (EC2), one "events-fargate"
    (FARGATE, its address the ENI's private IP). No event is sent for them: they are there before the
    discoverer starts, as a full round finds them;
  - IAM users, for once the fixture has switched moto's IAM checks on: "events-reader" with the polling
    policy of docs/deploy/task-role-policy.json (inline) and the stack's queue policy attached, the
    discoverer's whole least-privilege set (plus sqs:DeleteMessageBatch, which moto checks where AWS checks
    sqs:DeleteMessage); "events-polling-only" with the polling policy alone (reading
    the queue is denied, for the fallback to polling); "events-admin" allowed everything, which
    moto_ecs_events.py signs with.
Checks, before printing: the rule matches an ECS Task State Change of the cluster and delivers it to both
queues with the envelope intact; it does not deliver one of another cluster. The queues are left empty.
Prints one JSON object describing it all on stdout (it is also the state file moto_ecs_events.py reads);
anything else goes to stderr.
"""

import json
import os
import sys
from datetime import datetime, timezone

import boto3

from seed_moto_fleet import create_user

ACCOUNT = "123456789012"
REGION = "us-east-1"
STACK = "ecs-discoverer-events"
QUEUE_NAME = "ecs-events"
CLUSTER = "events-cluster"
FAMILY = "events-web"
FARGATE_FAMILY = "events-fargate"
CONTAINER = "web"
BRIDGE_PORT = 8080
FARGATE_PORT = 9100

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
TEMPLATE = os.path.join(REPOSITORY, "docs", "deploy", "ecs-events.yaml")
POLLING_POLICY = os.path.join(REPOSITORY, "docs", "deploy", "task-role-policy.json")


def session(key="AKIDEXAMPLE", secret="secret"):
    """Any keys do while moto's IAM checks are off; afterwards, those of a user the seed created."""
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name=REGION)


def deploy_stack(cloudformation, cluster_arn):
    with open(TEMPLATE, encoding="utf-8") as f:
        body = f.read()
    cloudformation.create_stack(
        StackName=STACK,
        TemplateBody=body,
        Parameters=[
            {"ParameterKey": "QueueName", "ParameterValue": QUEUE_NAME},
            {"ParameterKey": "Replicas", "ParameterValue": "2"},
            {"ParameterKey": "ClusterArns", "ParameterValue": cluster_arn},
        ],
        Capabilities=["CAPABILITY_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]
    if stack["StackStatus"] != "CREATE_COMPLETE":
        raise RuntimeError(f"moto did not create the stack: {stack['StackStatus']} {stack.get('StackStatusReason')}")
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def queue_policy(queue_arn, rule_arn):
    """The template's QueuePolicy document, which moto's CloudFormation does not apply."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "EventBridgeSendsTaskStateChanges",
                    "Effect": "Allow",
                    "Principal": {"Service": "events.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": queue_arn,
                    "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
                }
            ],
        }
    )


def check_delivery(events, sqs, queue_urls, cluster_arn):
    """The rule delivers this cluster's events to every queue, not another cluster's; the queues end empty."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    probe = {"clusterArn": cluster_arn, "taskArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/{CLUSTER}/seed-probe", "version": 1}
    other = dict(probe, clusterArn=f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/not-{CLUSTER}")
    for detail in (other, probe):
        result = events.put_events(
            Entries=[{"Source": "aws.ecs", "DetailType": "ECS Task State Change", "Detail": json.dumps(detail), "Resources": [probe["taskArn"]], "Time": now}]
        )
        if result["FailedEntryCount"]:
            raise RuntimeError(f"PutEvents failed: {result}")
    for url in queue_urls:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if len(messages) != 1:
            raise RuntimeError(f"{url} received {len(messages)} message(s) for one matching and one filtered-out event: {messages}")
        body = json.loads(messages[0]["Body"])
        if body.get("detail-type") != "ECS Task State Change" or body.get("source") != "aws.ecs" or body.get("detail") != probe:
            raise RuntimeError(f"{url} received an unexpected envelope: {body}")
        sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])


def seed(endpoint):
    base = session()
    ec2 = base.client("ec2", endpoint_url=endpoint)
    ecs = base.client("ecs", endpoint_url=endpoint)
    iam = base.client("iam", endpoint_url=endpoint)
    sqs = base.client("sqs", endpoint_url=endpoint)
    events = base.client("events", endpoint_url=endpoint)
    cloudformation = base.client("cloudformation", endpoint_url=endpoint)

    vpc_id = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    # moto's awsvpc RunTask reads the ENI's private DNS name, which it only gives in a VPC with DNS hostnames.
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.60.1.0/24")["Subnet"]["SubnetId"]
    group_id = ec2.create_security_group(GroupName="events-web", Description="events-web", VpcId=vpc_id)["GroupId"]

    images = ec2.describe_images(Owners=["amazon"])["Images"]
    image_id = images[0]["ImageId"] if images else "ami-12345678"
    instance = ec2.run_instances(ImageId=image_id, MinCount=1, MaxCount=1, InstanceType="t3.medium", SubnetId=subnet_id)["Instances"][0]
    instance_id = instance["InstanceId"]
    private_ip = instance["PrivateIpAddress"]

    cluster_arn = ecs.create_cluster(clusterName=CLUSTER)["cluster"]["clusterArn"]
    identity_document = json.dumps(
        {
            "instanceId": instance_id,
            "region": REGION,
            "availabilityZone": instance["Placement"]["AvailabilityZone"],
            "privateIp": private_ip,
            "imageId": image_id,
            "instanceType": "t3.medium",
            "accountId": ACCOUNT,
        }
    )
    container_instance_arn = ecs.register_container_instance(cluster=CLUSTER, instanceIdentityDocument=identity_document)[
        "containerInstance"
    ]["containerInstanceArn"]

    task_definition_arn = ecs.register_task_definition(
        family=FAMILY,
        networkMode="bridge",
        containerDefinitions=[
            {
                "name": CONTAINER,
                "image": "example/web:1.0",
                "memory": 128,
                "essential": True,
                "environment": [{"name": "PROMETHEUS", "value": "true"}, {"name": "PROMETHEUS_ENDPOINT", "value": "/m"}],
                "portMappings": [{"containerPort": BRIDGE_PORT, "protocol": "tcp"}],
            }
        ],
    )["taskDefinition"]["taskDefinitionArn"]
    fargate_task_definition_arn = ecs.register_task_definition(
        family=FARGATE_FAMILY,
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
                "environment": [{"name": "PROMETHEUS", "value": "true"}, {"name": "PROMETHEUS_PORT", "value": str(FARGATE_PORT)}],
                "portMappings": [{"containerPort": FARGATE_PORT, "protocol": "tcp"}],
            }
        ],
    )["taskDefinition"]["taskDefinitionArn"]

    ec2_tasks = ecs.run_task(cluster=CLUSTER, taskDefinition=FAMILY, count=1, launchType="EC2")["tasks"]
    fargate_tasks = ecs.run_task(
        cluster=CLUSTER,
        taskDefinition=FARGATE_FAMILY,
        count=1,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet_id], "securityGroups": [group_id]}},
    )["tasks"]
    if len(ec2_tasks) != 1 or len(fargate_tasks) != 1:
        raise RuntimeError(f"RunTask placed {len(ec2_tasks)} EC2 and {len(fargate_tasks)} Fargate task(s), not one each")
    fargate_details = {d["name"]: d["value"] for a in fargate_tasks[0]["attachments"] for d in a["details"]}

    outputs = deploy_stack(cloudformation, cluster_arn)
    queue_arns = [outputs["QueueArn"], outputs["Queue2Arn"]]
    # The URLs as moto serves them (http://127.0.0.1:PORT/ACCOUNT/NAME); the stack's outputs give AWS's form.
    queue_urls = [sqs.get_queue_url(QueueName=arn.split(":")[-1])["QueueUrl"] for arn in queue_arns]
    for url, arn in zip(queue_urls, queue_arns):
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": queue_policy(arn, outputs["RuleArn"])})
    check_delivery(events, sqs, queue_urls, cluster_arn)

    with open(POLLING_POLICY, encoding="utf-8") as f:
        polling_policy = f.read()
    reader = create_user(iam, "events-reader", polling_policy)
    iam.attach_user_policy(UserName="events-reader", PolicyArn=outputs["DiscovererPolicyArn"])
    # AWS authorizes DeleteMessageBatch with sqs:DeleteMessage (SQS has no IAM action of its own for a batch call),
    # which the stack's policy grants; moto checks "sqs:DeleteMessageBatch", the operation's name. So the reader gets
    # that too, for moto only: without it moto denies the discoverer's deletes that AWS would allow.
    iam.put_user_policy(
        UserName="events-reader",
        PolicyName="moto-delete-message-batch",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:DeleteMessageBatch", "Resource": queue_arns}]}
        ),
    )
    polling_only = create_user(iam, "events-polling-only", polling_policy)
    admin = create_user(iam, "events-admin", json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))

    return {
        "account": ACCOUNT,
        "region": REGION,
        "stackName": STACK,
        "queueUrl": queue_urls[0],
        "queueArn": queue_arns[0],
        "queueUrls": queue_urls,
        "queueArns": queue_arns,
        "stackQueueUrls": [outputs["QueueUrl"], outputs["Queue2Url"]],
        "deadLetterQueueUrls": [
            sqs.get_queue_url(QueueName=outputs[k].split("/")[-1])["QueueUrl"] for k in ("DeadLetterQueueUrl", "DeadLetterQueue2Url")
        ],
        "ruleArn": outputs["RuleArn"],
        "discovererPolicyArn": outputs["DiscovererPolicyArn"],
        "reader": reader,
        "pollingOnly": polling_only,
        "admin": admin,
        "readerUserName": "events-reader",
        "pollingOnlyUserName": "events-polling-only",
        "vpcId": vpc_id,
        "subnetId": subnet_id,
        "securityGroupId": group_id,
        "instanceId": instance_id,
        "privateIp": private_ip,
        "clusterName": CLUSTER,
        "clusterArn": cluster_arn,
        "containerInstanceArn": container_instance_arn,
        "containerName": CONTAINER,
        "taskDefinitionArn": task_definition_arn,
        "fargateTaskDefinitionArn": fargate_task_definition_arn,
        "bridgePort": BRIDGE_PORT,
        "fargatePort": FARGATE_PORT,
        "ec2TaskArn": ec2_tasks[0]["taskArn"],
        "fargateTaskArn": fargate_tasks[0]["taskArn"],
        "fargatePrivateIp": fargate_details["privateIPv4Address"],
        "taskArns": [ec2_tasks[0]["taskArn"], fargate_tasks[0]["taskArn"]],
    }


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    json.dump(seed(sys.argv[1]), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
