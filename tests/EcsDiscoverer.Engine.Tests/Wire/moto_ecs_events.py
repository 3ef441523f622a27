"""Makes ECS task changes in a moto server seeded by seed_moto_events.py and sends their events, as ECS and
EventBridge would, so that the event-driven discovery tests (issue 14) can run step by step.

Usage: python3 moto_ecs_events.py ENDPOINT_URL --state FILE COMMAND [ARGS]

  FILE is what seed_moto_events.py printed (MotoEventsFixture writes it); this script adds to it what it
  must remember between calls (each call is a process of its own): the last event version it sent per
  task, and when each task it started was created. Calls are signed by the seed's admin user, so they
  work with moto's IAM checks on.

Commands (stdout is the result, one line; errors go to stderr with exit code 1):
  start [--fargate]             RunTask one task of the cluster, "events-web" on the EC2 container
                                instance (bridge), or "events-fargate" (awsvpc, FARGATE) with --fargate,
                                and PutEvents its RUNNING event (detail.version 1). Prints the task ARN.
  stop TASKARN                  StopTask in moto and PutEvents the STOPPED event (desiredStatus and
                                lastStatus STOPPED, stopCode UserInitiated), version = last sent + 1.
                                A seeded task, which had no event, counts as version 1. Prints the version.
  replay TASKARN VERSION STATUS PutEvents an event of the task with this detail.version and lastStatus
                                STATUS (RUNNING, PENDING, STOPPED, ...; desiredStatus STOPPED for
                                DEACTIVATING, STOPPING, DEPROVISIONING and STOPPED, else RUNNING), whatever
                                moto's state: an out-of-order or duplicate event. Changes nothing in ECS
                                or in FILE. Prints the version.
  malformed                     SendMessage straight to every queue: a body that is not JSON, and the
                                JSON envelope of an EC2 event (source aws.ec2). Prints 2.
  foreign                       SendMessage straight to every queue: an ECS Task State Change (RUNNING,
                                version 1) of a cluster that does not exist, "not-events-cluster" (the
                                rule would not deliver it). Prints its task ARN.
  purge                         PurgeQueue every queue and its dead-letter queue. Prints 0.
  count [--queue N] [--dead-letter]
                                ApproximateNumberOfMessages + ApproximateNumberOfMessagesNotVisible of
                                queue N (1: "ecs-events", the default; 2: "ecs-events-2"), or of its
                                dead-letter queue. Prints it.
  peek [--queue N]              The bodies of up to 10 messages of queue N, received with visibility
                                timeout 0, so they stay; prints a JSON array of the bodies, parsed when
                                JSON, else as strings. A peek is a receive: moto applies the redrive
                                policy (maxReceiveCount 5) as SQS does, so the 6th receive of a message
                                that was never deleted moves it to the dead-letter queue. And moto hands
                                a message to a receive only once per its visibility timeout, so a peek
                                right after the discoverer received it misses it.

Events are PutEvents calls to moto's EventBridge (source aws.ecs, detail-type "ECS Task State Change",
resources [the task ARN], Time now); the rule of the stack delivers them to both queues. detail is the
task as moto's DescribeTasks returns it, made like the real event (ECS developer guide, "Task state
change events"): timestamps as ISO-8601 strings with milliseconds (createdAt, startedAt, updatedAt,
connectivityAt, and stoppingAt, stoppedAt, executionStoppedAt when stopped), detail.version, and the
fields moto gets wrong mended: each container's taskArn (moto gives the task definition's) and
lastStatus (moto leaves PENDING). Nothing else is added: no networkBindings (bridge) or container
networkInterfaces (awsvpc), which moto's DescribeTasks lacks too, so that an event and a reconciliation
round see the same task and a reconciliation finds nothing to correct after the events.

What moto 5.2.1 does not do like AWS (the tests must not rely on it):
  - DescribeTasks has no version, createdAt, startedAt or stoppedAt, so those come from this script;
  - the envelope EventBridge writes to SQS has no "account" key (moto builds it, then drops it when it
    renders the target's input) and its "time" is whole seconds, like AWS's;
  - EventBridge delivers synchronously during PutEvents, so the message is in the queue when this
    script returns.
"""

import argparse
import json
import os
import sys
import tempfile
import uuid
from datetime import datetime, timedelta, timezone

from seed_moto_events import session

STOPPED_SIDE = {"DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"}


def iso(value):
    """ECS's event timestamps: UTC, milliseconds, Z."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def jsonable(value):
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


class Harness:
    def __init__(self, endpoint, state_path):
        self.endpoint = endpoint
        self.state_path = state_path
        with open(state_path, encoding="utf-8") as f:
            self.state = json.load(f)
        admin = self.state["admin"]
        base = session(admin["accessKey"], admin["secretKey"])
        self.ecs = base.client("ecs", endpoint_url=endpoint)
        self.events = base.client("events", endpoint_url=endpoint)
        self.sqs = base.client("sqs", endpoint_url=endpoint)

    # The state file

    def save(self):
        directory = os.path.dirname(os.path.abspath(self.state_path))
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".moto-events-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(self.state, f)
        os.replace(temporary, self.state_path)

    def last_version(self, task_arn):
        return self.state.setdefault("versions", {}).get(task_arn, 1)

    def created_at(self, task_arn):
        text = self.state.setdefault("createdAt", {}).get(task_arn)
        if text is None:
            return datetime.now(timezone.utc) - timedelta(minutes=5)
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)

    # Events

    def describe(self, task_arn):
        tasks = self.ecs.describe_tasks(cluster=self.state["clusterArn"], tasks=[task_arn])["tasks"]
        if len(tasks) != 1:
            raise RuntimeError(f"moto does not know the task {task_arn}")
        return tasks[0]

    def detail(self, task_arn, version, last_status, stopped_reason=None):
        task = jsonable(self.describe(task_arn))
        now = datetime.now(timezone.utc)
        created = self.created_at(task_arn)
        stopped = last_status in STOPPED_SIDE
        task["lastStatus"] = last_status
        task["desiredStatus"] = "STOPPED" if stopped else "RUNNING"
        task["createdAt"] = iso(created)
        task["connectivity"] = "CONNECTED"
        task["connectivityAt"] = iso(created + timedelta(seconds=1))
        if last_status not in ("PROVISIONING", "PENDING", "ACTIVATING"):
            task["startedAt"] = iso(created + timedelta(seconds=3))
        task["updatedAt"] = iso(now)
        task["version"] = version
        for key in ("stoppingAt", "stoppedAt", "executionStoppedAt", "stopCode"):
            task.pop(key, None)
        if stopped:
            task["stoppingAt"] = iso(now)
            task["executionStoppedAt"] = iso(now)
            task["stoppedAt"] = iso(now)
            task["stopCode"] = "UserInitiated"
            task["stoppedReason"] = stopped_reason or task.get("stoppedReason") or "Task stopped by user"
        else:
            task.pop("stoppedReason", None)
        for container in task.get("containers", []):
            container["taskArn"] = task_arn
            container["lastStatus"] = last_status
        return task

    def put(self, detail):
        result = self.events.put_events(
            Entries=[
                {
                    "Source": "aws.ecs",
                    "DetailType": "ECS Task State Change",
                    "Detail": json.dumps(detail),
                    "Resources": [detail["taskArn"]],
                    "Time": datetime.now(timezone.utc).replace(microsecond=0),
                }
            ]
        )
        if result["FailedEntryCount"]:
            raise RuntimeError(f"PutEvents failed: {result['Entries']}")

    def send_raw(self, body):
        for url in self.state["queueUrls"]:
            self.sqs.send_message(QueueUrl=url, MessageBody=body)

    def envelope(self, source, detail_type, resources, detail):
        return {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": detail_type,
            "source": source,
            "account": self.state["account"],
            "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": self.state["region"],
            "resources": resources,
            "detail": detail,
        }

    def queue_url(self, number):
        urls = self.state["queueUrls"]
        if not 1 <= number <= len(urls):
            raise RuntimeError(f"--queue {number}: the stack has {len(urls)} queue(s)")
        return urls[number - 1]

    # Commands

    def start(self, fargate):
        if fargate:
            tasks = self.ecs.run_task(
                cluster=self.state["clusterName"],
                taskDefinition=self.state["fargateTaskDefinitionArn"],
                count=1,
                launchType="FARGATE",
                networkConfiguration={
                    "awsvpcConfiguration": {"subnets": [self.state["subnetId"]], "securityGroups": [self.state["securityGroupId"]]}
                },
            )["tasks"]
        else:
            tasks = self.ecs.run_task(
                cluster=self.state["clusterName"], taskDefinition=self.state["taskDefinitionArn"], count=1, launchType="EC2"
            )["tasks"]
        if len(tasks) != 1:
            raise RuntimeError(f"RunTask placed {len(tasks)} task(s)")
        task_arn = tasks[0]["taskArn"]
        # Created a few seconds ago, so that connectivityAt and startedAt (+1 s, +3 s) are not in the future.
        self.state.setdefault("createdAt", {})[task_arn] = iso(datetime.now(timezone.utc) - timedelta(seconds=5))
        self.state.setdefault("versions", {})[task_arn] = 1
        self.save()
        self.put(self.detail(task_arn, 1, "RUNNING"))
        return task_arn

    def stop(self, task_arn):
        reason = "Task stopped by moto_ecs_events.py"
        self.ecs.stop_task(cluster=self.state["clusterArn"], task=task_arn, reason=reason)
        version = self.last_version(task_arn) + 1
        self.state["versions"][task_arn] = version
        self.save()
        self.put(self.detail(task_arn, version, "STOPPED", reason))
        return version

    def replay(self, task_arn, version, status):
        self.put(self.detail(task_arn, version, status))
        return version

    def malformed(self):
        self.send_raw("this is not JSON {")
        instance_arn = f"arn:aws:ec2:{self.state['region']}:{self.state['account']}:instance/{self.state['instanceId']}"
        ec2_event = self.envelope(
            "aws.ec2",
            "EC2 Instance State-change Notification",
            [instance_arn],
            {"instance-id": self.state["instanceId"], "state": "running"},
        )
        self.send_raw(json.dumps(ec2_event))
        return 2

    def foreign(self):
        region, account = self.state["region"], self.state["account"]
        cluster_arn = f"arn:aws:ecs:{region}:{account}:cluster/not-{self.state['clusterName']}"
        task_arn = f"arn:aws:ecs:{region}:{account}:task/not-{self.state['clusterName']}/{uuid.uuid4().hex}"
        now = iso(datetime.now(timezone.utc))
        detail = {
            "clusterArn": cluster_arn,
            "taskArn": task_arn,
            "taskDefinitionArn": self.state["taskDefinitionArn"],
            "group": "family:events-web",
            "launchType": "EC2",
            "lastStatus": "RUNNING",
            "desiredStatus": "RUNNING",
            "containers": [{"name": self.state["containerName"], "taskArn": task_arn, "lastStatus": "RUNNING", "networkBindings": []}],
            "attachments": [],
            "createdAt": now,
            "startedAt": now,
            "updatedAt": now,
            "version": 1,
        }
        self.send_raw(json.dumps(self.envelope("aws.ecs", "ECS Task State Change", [task_arn], detail)))
        return task_arn

    def purge(self):
        for url in self.state["queueUrls"] + self.state["deadLetterQueueUrls"]:
            self.sqs.purge_queue(QueueUrl=url)
        return 0

    def count(self, number, dead_letter):
        url = self.queue_url(number)
        if dead_letter:
            url = self.state["deadLetterQueueUrls"][number - 1]
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])

    def peek(self, number):
        messages = self.sqs.receive_message(
            QueueUrl=self.queue_url(number), MaxNumberOfMessages=10, VisibilityTimeout=0, WaitTimeSeconds=0
        ).get("Messages", [])
        bodies = []
        for message in messages:
            try:
                bodies.append(json.loads(message["Body"]))
            except ValueError:
                bodies.append(message["Body"])
        return json.dumps(bodies)


def parse(argv):
    parser = argparse.ArgumentParser(prog="moto_ecs_events.py", description="ECS task changes and their events in moto")
    parser.add_argument("endpoint")
    parser.add_argument("--state", required=True, help="the JSON seed_moto_events.py printed; this script adds to it")
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start")
    start.add_argument("--fargate", action="store_true")
    stop = commands.add_parser("stop")
    stop.add_argument("task_arn")
    replay = commands.add_parser("replay")
    replay.add_argument("task_arn")
    replay.add_argument("version", type=int)
    replay.add_argument("status")
    commands.add_parser("malformed")
    commands.add_parser("foreign")
    commands.add_parser("purge")
    count = commands.add_parser("count")
    count.add_argument("--queue", type=int, default=1)
    count.add_argument("--dead-letter", action="store_true")
    peek = commands.add_parser("peek")
    peek.add_argument("--queue", type=int, default=1)
    return parser.parse_args(argv)


def main(argv) -> int:
    arguments = parse(argv)
    harness = Harness(arguments.endpoint, arguments.state)
    try:
        if arguments.command == "start":
            result = harness.start(arguments.fargate)
        elif arguments.command == "stop":
            result = harness.stop(arguments.task_arn)
        elif arguments.command == "replay":
            result = harness.replay(arguments.task_arn, arguments.version, arguments.status.upper())
        elif arguments.command == "malformed":
            result = harness.malformed()
        elif arguments.command == "foreign":
            result = harness.foreign()
        elif arguments.command == "purge":
            result = harness.purge()
        elif arguments.command == "count":
            result = harness.count(arguments.queue, arguments.dead_letter)
        else:
            result = harness.peek(arguments.queue)
    except RuntimeError as error:
        print(f"moto_ecs_events.py {arguments.command}: {error}", file=sys.stderr)
        return 1
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
