package dev.rackside.services.compliance.aws;

import dev.rackside.services.model.compliance.Check;
import dev.rackside.services.model.compliance.Check.Read;
import dev.rackside.services.model.compliance.Concern;
import dev.rackside.services.model.compliance.Severity;
import java.util.List;
import java.util.Map;

/**
 * The 33 AWS checks of compliance-catalog.md section 1, ids verbatim, with the framework controls of section
 * 1e (its proposals kept, their marks dropped) and the IAM actions each needs (section 3 names: S3's
 * actions differ from its operations). {@code compliance permissions -o iam} is generated from these reads.
 */
public final class AwsChecks {
    public static final Check ISO_EKS_DEDICATED_VPC = new Check("iso-eks-dedicated-vpc",
            Concern.ISOLATION, Severity.HIGH,
            "The rack's cluster has a VPC of its own",
            "Run the rack in a VPC created for it (not the default VPC), tagged Rack=<rack>, with"
            + " no other rack's cluster or database in it.",
            Map.of("soc2", List.of("CC6.1", "CC6.6"),
                    "hipaa", List.of("164.312(a)(1)"),
                    "pci", List.of("1.2.1", "1.3.1", "A1.1.2", "A1.1.3"),
                    "nist", List.of("AC-4", "SC-7", "SC-7(21)")),
            List.of(Read.aws("eks:ListClusters"), Read.aws("eks:DescribeCluster"),
                    Read.aws("ec2:DescribeVpcs"), Read.aws("ec2:DescribeSubnets"),
                    Read.aws("rds:DescribeDBInstances")));

    public static final Check ISO_VPC_NO_FOREIGN_LINKS = new Check("iso-vpc-no-foreign-links",
            Concern.ISOLATION, Severity.HIGH,
            "The rack's VPC has no peering or transit gateway links",
            "Delete the peering connection or transit gateway attachment; a link your assessor "
            + "approved goes into racks.yaml under compliance.allowedLinks.",
            Map.of("soc2", List.of("CC6.6"),
                    "hipaa", List.of("164.312(e)(1)"),
                    "pci", List.of("1.3.1", "1.3.2", "1.4.1"),
                    "nist", List.of("AC-4", "AC-4(21)", "SC-7")),
            List.of(Read.aws("ec2:DescribeVpcPeeringConnections"),
                    Read.aws("ec2:DescribeTransitGatewayAttachments")));

    public static final Check ISO_EKS_ENDPOINT_PRIVATE = new Check("iso-eks-endpoint-private",
            Concern.ISOLATION, Severity.HIGH,
            "The Kubernetes API endpoint is private",
            "aws eks update-cluster-config --name <rack> --resources-vpc-config "
            + "endpointPrivateAccess=true,endpointPublicAccess=false (or restrict publicAccessCidrs"
            + " to your networks).",
            Map.of("soc2", List.of("CC6.6"),
                    "hipaa", List.of("164.312(e)(1)"),
                    "pci", List.of("1.3.1", "1.4.2"),
                    "nist", List.of("AC-17", "SC-7")),
            List.of(Read.aws("eks:DescribeCluster")));

    public static final Check ISO_SG_RESTRICTED = new Check("iso-sg-restricted",
            Concern.ISOLATION, Severity.CRITICAL,
            "No security group in the rack's VPC admits the internet except to load balancer "
            + "ports",
            "Remove ingress from 0.0.0.0/0 and ::/0 except on the load balancer ports (80 and 443, or "
            + "racks.yaml's compliance.publicPorts), and remove every rule from the VPC's default "
            + "security group.",
            Map.of("soc2", List.of("CC6.6"),
                    "hipaa", List.of("164.312(e)(1)"),
                    "pci", List.of("1.3.1", "1.3.2", "1.4.2"),
                    "nist", List.of("AC-4", "SC-7", "SC-7(5)", "CM-7")),
            List.of(Read.aws("ec2:DescribeSecurityGroups")));

    public static final Check ISO_NODES_PRIVATE = new Check("iso-nodes-private",
            Concern.ISOLATION, Severity.HIGH,
            "Nodes run in private subnets",
            "Put node groups in subnets with MapPublicIpOnLaunch=false whose route table sends "
            + "0.0.0.0/0 to a NAT gateway, not an internet gateway.",
            Map.of("soc2", List.of("CC6.6"),
                    "hipaa", List.of("164.312(e)(1)"),
                    "pci", List.of("1.3.1", "1.4.4"),
                    "nist", List.of("SC-7")),
            List.of(Read.aws("eks:DescribeCluster"), Read.aws("ec2:DescribeSubnets"),
                    Read.aws("ec2:DescribeRouteTables")));

    public static final Check ISO_RDS_PRIVATE = new Check("iso-rds-private",
            Concern.ISOLATION, Severity.CRITICAL,
            "The rack's databases are private and inside its VPC",
            "aws rds modify-db-instance --db-instance-identifier <db> --no-publicly-accessible; "
            + "move databases into the rack's VPC.",
            Map.of("soc2", List.of("CC6.1", "CC6.6"),
                    "hipaa", List.of("164.308(a)(3)(i)", "164.312(a)(1)"),
                    "pci", List.of("1.3.1", "1.4.2", "1.4.4"),
                    "nist", List.of("AC-3", "AC-4", "SC-7")),
            List.of(Read.aws("rds:DescribeDBInstances"), Read.aws("rds:DescribeDBClusters")));

    public static final Check ISO_S3_PUBLIC_ACCESS_BLOCK = new Check("iso-s3-public-access-block",
            Concern.ISOLATION, Severity.HIGH,
            "The rack's buckets block public access",
            "Turn on all four Block Public Access settings for the account (aws s3control "
            + "put-public-access-block) or each bucket, and remove public bucket policies.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.312(a)(1)"),
                    "pci", List.of("1.3.1", "1.4.2", "A1.1.2"),
                    "nist", List.of("AC-3", "AC-6", "SC-7")),
            List.of(Read.aws("s3:ListAllMyBuckets"), Read.aws("s3:GetBucketTagging"),
                    Read.aws("s3:GetAccountPublicAccessBlock"), Read.aws("s3:GetBucketPublicAccessBlock"),
                    Read.aws("s3:GetBucketPolicyStatus")));

    public static final Check ISO_EKS_NETPOL_ENFORCED = new Check("iso-eks-netpol-enforced",
            Concern.ISOLATION, Severity.HIGH,
            "The cluster enforces NetworkPolicy",
            "Enable network policy in the VPC CNI add-on (configurationValues "
            + "{\"enableNetworkPolicy\":\"true\"}, VPC CNI 1.14 or later) or run Calico or Cilium.",
            Map.of("soc2", List.of("CC6.1", "CC6.6"),
                    "hipaa", List.of("164.312(a)(1)"),
                    "pci", List.of("1.3.1", "A1.1.3"),
                    "nist", List.of("AC-4", "SC-7", "SC-39")),
            List.of(Read.aws("eks:ListAddons"), Read.aws("eks:DescribeAddon")));

    public static final Check RES_RACK_REGIONS = new Check("res-rack-regions",
            Concern.RESIDENCY, Severity.HIGH,
            "Nothing of the rack exists outside its approved regions",
            "Delete or move the resources listed, or add the region to the rack's approvedRegions"
            + " in racks.yaml if it is approved.",
            Map.of("soc2", List.of("CC6.7", "C1.1"),
                    "hipaa", List.of("164.308(a)(1)(ii)(B)"),
                    "pci", List.of("12.5.2", "1.2.4"),
                    "nist", List.of("SA-9(5)", "CM-8")),
            List.of(Read.aws("ec2:DescribeRegions"), Read.aws("tag:GetResources"),
                    Read.aws("eks:ListClusters"), Read.aws("rds:DescribeDBInstances"),
                    Read.aws("rds:DescribeDBSnapshots"), Read.aws("ec2:DescribeSnapshots")));

    public static final Check RES_S3_LOCATION = new Check("res-s3-location",
            Concern.RESIDENCY, Severity.HIGH,
            "The rack's buckets are in approved regions",
            "Create the bucket in an approved region, copy the objects, and delete the old "
            + "bucket.",
            Map.of("soc2", List.of("CC6.7", "C1.1"),
                    "hipaa", List.of("164.308(a)(1)(ii)(B)"),
                    "pci", List.of("12.5.2", "1.2.4"),
                    "nist", List.of("SA-9(5)", "CM-8")),
            List.of(Read.aws("s3:ListAllMyBuckets"), Read.aws("s3:GetBucketTagging"),
                    Read.aws("s3:GetBucketLocation")));

    public static final Check RES_S3_REPLICATION = new Check("res-s3-replication",
            Concern.RESIDENCY, Severity.HIGH,
            "Bucket replication stays in approved regions and the rack's account",
            "Point every enabled replication rule at a bucket in an approved region owned by this"
            + " account, or disable the rule.",
            Map.of("soc2", List.of("CC6.7", "A1.2"),
                    "hipaa", List.of("164.308(a)(7)(ii)(A)"),
                    "pci", List.of("12.5.2"),
                    "nist", List.of("SA-9(5)", "CP-9", "CP-6")),
            List.of(Read.aws("s3:GetReplicationConfiguration"), Read.aws("s3:GetBucketLocation")));

    public static final Check RES_RDS_COPIES = new Check("res-rds-copies",
            Concern.RESIDENCY, Severity.HIGH,
            "Database replicas and backup copies stay in approved regions",
            "Remove cross-region read replicas, automated backup replications and global cluster "
            + "members outside the approved regions.",
            Map.of("soc2", List.of("CC6.7", "A1.2"),
                    "hipaa", List.of("164.308(a)(7)(ii)(A)"),
                    "pci", List.of("12.5.2"),
                    "nist", List.of("SA-9(5)", "CP-9", "CP-6")),
            List.of(Read.aws("rds:DescribeDBInstances"), Read.aws("rds:DescribeDBClusters"),
                    Read.aws("rds:DescribeGlobalClusters")));

    public static final Check RES_KMS_MRK = new Check("res-kms-mrk",
            Concern.RESIDENCY, Severity.MEDIUM,
            "Multi-Region keys replicate only to approved regions",
            "Delete the replica keys outside the approved regions (aws kms schedule-key-deletion "
            + "in that region).",
            Map.of("soc2", List.of("CC6.7"),
                    "hipaa", List.of("164.312(a)(2)(iv)"),
                    "pci", List.of("3.6.1", "12.5.2"),
                    "nist", List.of("SA-9(5)", "SC-12")),
            List.of(Read.aws("kms:ListKeys"), Read.aws("kms:ListAliases"), Read.aws("kms:DescribeKey"),
                    Read.aws("kms:ListResourceTags")));

    public static final Check RES_REPLICATION_TARGETS = new Check("res-replication-targets",
            Concern.RESIDENCY, Severity.HIGH,
            "Secrets, images and backups replicate only to approved regions of the rack's account",
            "Remove replica regions, replication rules and backup copy actions that target other "
            + "regions or accounts.",
            Map.of("soc2", List.of("CC6.7", "A1.2"),
                    "hipaa", List.of("164.308(a)(7)(ii)(A)"),
                    "pci", List.of("12.5.2"),
                    "nist", List.of("SA-9(5)", "CP-9", "CP-6")),
            List.of(Read.aws("secretsmanager:ListSecrets"), Read.aws("secretsmanager:DescribeSecret"),
                    Read.aws("ecr:DescribeRegistry"), Read.aws("backup:ListBackupPlans"),
                    Read.aws("backup:GetBackupPlan")));

    public static final Check RES_LOG_DESTINATIONS = new Check("res-log-destinations",
            Concern.RESIDENCY, Severity.MEDIUM,
            "Audit and app logs are delivered only to approved regions",
            "Deliver trail logs to a bucket in an approved region and subscription filters to "
            + "destinations in an approved region of this account (or a log-archive account listed in "
            + "racks.yaml under compliance.logArchiveAccounts).",
            Map.of("soc2", List.of("CC6.7", "CC7.2"),
                    "hipaa", List.of("164.312(b)"),
                    "pci", List.of("10.3.3", "12.5.2"),
                    "nist", List.of("SA-9(5)", "AU-9")),
            List.of(Read.aws("cloudtrail:DescribeTrails"), Read.aws("s3:GetBucketLocation"),
                    Read.aws("logs:DescribeLogGroups"), Read.aws("logs:DescribeSubscriptionFilters")));

    public static final Check KEY_CMK_ROTATION = new Check("key-cmk-rotation",
            Concern.KEYS, Severity.HIGH,
            "Customer keys rotate at least yearly",
            "aws kms enable-key-rotation --key-id <key> --rotation-period-in-days 365. Keys that "
            + "cannot rotate automatically (asymmetric, HMAC, imported, custom key store) need "
            + "manual rotation evidence.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.312(a)(2)(iv)"),
                    "pci", List.of("3.6.1", "3.7.4"),
                    "nist", List.of("SC-12", "SC-12(2)")),
            List.of(Read.aws("kms:ListKeys"), Read.aws("kms:ListAliases"), Read.aws("kms:DescribeKey"),
                    Read.aws("kms:ListResourceTags"), Read.aws("kms:GetKeyRotationStatus")));

    public static final Check KEY_CMK_STATE_POLICY = new Check("key-cmk-state-policy",
            Concern.KEYS, Severity.CRITICAL,
            "Keys in use are enabled and not open to everyone",
            "Cancel the key's deletion (aws kms cancel-key-deletion) or enable it; remove Allow "
            + "statements with Principal \"*\" that have no Condition.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.308(a)(1)(ii)(B)"),
                    "pci", List.of("3.6.1", "3.7.1"),
                    "nist", List.of("SC-12", "AC-3", "AC-6")),
            List.of(Read.aws("kms:DescribeKey"), Read.aws("kms:GetKeyPolicy")));

    public static final Check KEY_EBS_ENCRYPTION = new Check("key-ebs-encryption",
            Concern.KEYS, Severity.HIGH,
            "EBS encrypts by default with a customer key, and the rack's volumes and snapshots "
            + "are encrypted",
            "aws ec2 enable-ebs-encryption-by-default and aws ec2 modify-ebs-default-kms-key-id "
            + "--kms-key-id <customer key> in every approved region; re-create unencrypted volumes "
            + "from encrypted snapshot copies.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.312(a)(2)(iv)", "164.308(a)(4)(ii)(A)"),
                    "pci", List.of("3.5.1"),
                    "nist", List.of("SC-28", "SC-28(1)", "SC-13")),
            List.of(Read.aws("ec2:GetEbsEncryptionByDefault"), Read.aws("ec2:GetEbsDefaultKmsKeyId"),
                    Read.aws("ec2:DescribeVolumes"), Read.aws("ec2:DescribeSnapshots"),
                    Read.aws("kms:DescribeKey")));

    public static final Check KEY_EKS_SECRETS_CMK = new Check("key-eks-secrets-cmk",
            Concern.KEYS, Severity.HIGH,
            "Kubernetes Secrets are envelope-encrypted with a customer key",
            "aws eks associate-encryption-config --cluster-name <rack> --encryption-config "
            + "resources=secrets,provider={keyArn=<customer key>}. The default envelope encryption "
            + "uses an AWS-owned key.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.312(a)(2)(iv)"),
                    "pci", List.of("3.5.1", "8.3.2"),
                    "nist", List.of("SC-28", "SC-12")),
            List.of(Read.aws("eks:DescribeCluster"), Read.aws("kms:DescribeKey")));

    public static final Check KEY_RDS_CMK = new Check("key-rds-cmk",
            Concern.KEYS, Severity.HIGH,
            "The rack's databases and snapshots are encrypted with a customer key",
            "Restore from a snapshot copied with --kms-key-id <customer key>; RDS cannot change "
            + "the key of a running instance.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.312(a)(2)(iv)"),
                    "pci", List.of("3.5.1"),
                    "nist", List.of("SC-28", "SC-28(1)", "CP-9(8)")),
            List.of(Read.aws("rds:DescribeDBInstances"), Read.aws("rds:DescribeDBClusters"),
                    Read.aws("rds:DescribeDBSnapshots"), Read.aws("rds:DescribeDBClusterSnapshots"),
                    Read.aws("kms:DescribeKey")));

    public static final Check KEY_S3_CMK = new Check("key-s3-cmk",
            Concern.KEYS, Severity.MEDIUM,
            "The rack's buckets encrypt with a customer key",
            "aws s3api put-bucket-encryption with SSEAlgorithm aws:kms and KMSMasterKeyID "
            + "<customer key>.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.312(a)(2)(iv)"),
                    "pci", List.of("3.5.1"),
                    "nist", List.of("SC-28", "SC-28(1)")),
            List.of(Read.aws("s3:GetEncryptionConfiguration"), Read.aws("kms:DescribeKey")));

    public static final Check KEY_SECRETS_CMK = new Check("key-secrets-cmk",
            Concern.KEYS, Severity.MEDIUM,
            "The rack's secrets encrypt with a customer key",
            "aws secretsmanager update-secret --secret-id <secret> --kms-key-id <customer key>.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.312(a)(2)(iv)"),
                    "pci", List.of("3.5.1", "8.3.2"),
                    "nist", List.of("SC-28", "SC-28(1)")),
            List.of(Read.aws("secretsmanager:ListSecrets"), Read.aws("kms:DescribeKey")));

    public static final Check KEY_ECR_CMK = new Check("key-ecr-cmk",
            Concern.KEYS, Severity.LOW,
            "The rack's image repositories encrypt with a customer key",
            "Re-create the repository with --encryption-configuration "
            + "encryptionType=KMS,kmsKey=<customer key> (it cannot change after creation) and push "
            + "the images again.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.312(a)(2)(iv)"),
                    "pci", List.of("3.5.1"),
                    "nist", List.of("SC-28", "SC-28(1)")),
            List.of(Read.aws("ecr:DescribeRepositories"), Read.aws("kms:DescribeKey")));

    public static final Check KEY_LOGS_CMK = new Check("key-logs-cmk",
            Concern.KEYS, Severity.MEDIUM,
            "The rack's log groups encrypt with a customer key",
            "aws logs associate-kms-key --log-group-name <group> --kms-key-id <customer key ARN> "
            + "(the key policy must allow logs.<region>.amazonaws.com).",
            Map.of("soc2", List.of("CC6.1", "CC7.3"),
                    "hipaa", List.of("164.312(a)(2)(iv)"),
                    "pci", List.of("10.3.2"),
                    "nist", List.of("AU-9", "SC-28")),
            List.of(Read.aws("logs:DescribeLogGroups"), Read.aws("kms:DescribeKey")));

    public static final Check AUD_TRAIL_MULTIREGION = new Check("aud-trail-multiregion",
            Concern.AUDIT, Severity.HIGH,
            "Every approved region is covered by a logging trail with all management events",
            "Create a multi-Region trail (or one per approved region) that is logging, with read "
            + "and write management events.",
            Map.of("soc2", List.of("CC7.2"),
                    "hipaa", List.of("164.312(b)", "164.308(a)(1)(ii)(D)"),
                    "pci", List.of("10.2.1", "10.2.2"),
                    "nist", List.of("AU-2", "AU-3", "AU-12")),
            List.of(Read.aws("cloudtrail:DescribeTrails"), Read.aws("cloudtrail:GetTrailStatus"),
                    Read.aws("cloudtrail:GetEventSelectors")));

    public static final Check AUD_TRAIL_VALIDATION = new Check("aud-trail-validation",
            Concern.AUDIT, Severity.MEDIUM,
            "Trail log file validation is on and digests are delivered",
            "aws cloudtrail update-trail --name <trail> --enable-log-file-validation; check the "
            + "trail's bucket permissions if digests stopped.",
            Map.of("soc2", List.of("CC7.3"),
                    "hipaa", List.of("164.312(b)", "164.312(c)(1)"),
                    "pci", List.of("10.3.2", "10.3.4"),
                    "nist", List.of("AU-9", "SI-7", "SI-7(1)")),
            List.of(Read.aws("cloudtrail:DescribeTrails"), Read.aws("cloudtrail:GetTrailStatus")));

    public static final Check AUD_TRAIL_CMK = new Check("aud-trail-cmk",
            Concern.AUDIT, Severity.MEDIUM,
            "Trail logs are encrypted with a customer key",
            "aws cloudtrail update-trail --name <trail> --kms-key-id <customer key>.",
            Map.of("soc2", List.of("CC6.1"),
                    "hipaa", List.of("164.312(a)(2)(iv)"),
                    "pci", List.of("10.3.2"),
                    "nist", List.of("AU-9", "SC-28")),
            List.of(Read.aws("cloudtrail:DescribeTrails"), Read.aws("kms:DescribeKey")));

    public static final Check AUD_TRAIL_CWLOGS = new Check("aud-trail-cwlogs",
            Concern.AUDIT, Severity.MEDIUM,
            "Trails deliver to CloudWatch Logs without errors",
            "Give the trail a CloudWatch Logs group and a role it can assume (update-trail "
            + "--cloud-watch-logs-log-group-arn --cloud-watch-logs-role-arn); fix the role if "
            + "delivery fails.",
            Map.of("soc2", List.of("CC7.2", "CC7.3"),
                    "hipaa", List.of("164.312(b)", "164.308(a)(1)(ii)(D)"),
                    "pci", List.of("10.3.3", "10.4.1.1"),
                    "nist", List.of("AU-6(1)", "AU-6(3)", "SI-4")),
            List.of(Read.aws("cloudtrail:DescribeTrails"), Read.aws("cloudtrail:GetTrailStatus")));

    public static final Check AUD_TRAIL_BUCKET = new Check("aud-trail-bucket",
            Concern.AUDIT, Severity.HIGH,
            "Trail buckets are not public and keep versions",
            "Block public access on the trail's bucket, remove public policies, and enable "
            + "versioning (object lock recommended).",
            Map.of("soc2", List.of("CC6.1", "CC7.2"),
                    "hipaa", List.of("164.312(b)", "164.312(c)(1)"),
                    "pci", List.of("10.3.1", "10.3.2"),
                    "nist", List.of("AU-9", "AC-3")),
            List.of(Read.aws("cloudtrail:DescribeTrails"), Read.aws("s3:GetBucketPublicAccessBlock"),
                    Read.aws("s3:GetBucketVersioning"), Read.aws("s3:GetBucketObjectLockConfiguration"),
                    Read.aws("s3:GetBucketPolicyStatus")));

    public static final Check AUD_EKS_CONTROLPLANE_LOGS = new Check("aud-eks-controlplane-logs",
            Concern.AUDIT, Severity.HIGH,
            "The cluster's audit log is on",
            "aws eks update-cluster-config --name <rack> --logging "
            + "'{\"clusterLogging\":[{\"types\":[\"api\",\"audit\",\"authenticator\"],\"enabled\":true}]}'.",
            Map.of("soc2", List.of("CC7.2"),
                    "hipaa", List.of("164.312(b)"),
                    "pci", List.of("10.2.1", "10.2.2"),
                    "nist", List.of("AU-2", "AU-12")),
            List.of(Read.aws("eks:DescribeCluster"), Read.aws("logs:DescribeLogGroups")));

    public static final Check AUD_VPC_FLOW_LOGS = new Check("aud-vpc-flow-logs",
            Concern.AUDIT, Severity.MEDIUM,
            "The rack's VPC records all traffic in flow logs",
            "aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc> --traffic-type ALL"
            + " with a working destination.",
            Map.of("soc2", List.of("CC7.2"),
                    "hipaa", List.of("164.312(b)"),
                    "pci", List.of("10.2.1"),
                    "nist", List.of("AU-12", "SI-4")),
            List.of(Read.aws("ec2:DescribeFlowLogs")));

    public static final Check AUD_LOG_RETENTION = new Check("aud-log-retention",
            Concern.AUDIT, Severity.MEDIUM,
            "The rack's log groups keep logs for a year or more",
            "aws logs put-retention-policy --log-group-name <group> --retention-in-days 365 (or "
            + "more). Convox sets 7 days on app groups by default: raise "
            + "appSettings.awsLogs.cwRetention.",
            Map.of("soc2", List.of("CC7.2"),
                    "hipaa", List.of("164.312(b)"),
                    "pci", List.of("10.5.1"),
                    "nist", List.of("AU-11", "SI-12")),
            List.of(Read.aws("logs:DescribeLogGroups")));

    public static final Check AUD_ECR_SCANNING = new Check("aud-ecr-scanning",
            Concern.AUDIT, Severity.MEDIUM,
            "Images are scanned for vulnerabilities on push",
            "aws ecr put-registry-scanning-configuration --scan-type ENHANCED, or a BASIC rule "
            + "SCAN_ON_PUSH with filter '*'.",
            Map.of("soc2", List.of("CC7.1"),
                    "pci", List.of("6.3.1", "11.3.1"),
                    "nist", List.of("RA-5")),
            List.of(Read.aws("ecr:GetRegistryScanningConfiguration"), Read.aws("ecr:DescribeRepositories")));

    public static final List<Check> ALL = List.of(ISO_EKS_DEDICATED_VPC,
            ISO_VPC_NO_FOREIGN_LINKS,
            ISO_EKS_ENDPOINT_PRIVATE,
            ISO_SG_RESTRICTED,
            ISO_NODES_PRIVATE,
            ISO_RDS_PRIVATE,
            ISO_S3_PUBLIC_ACCESS_BLOCK,
            ISO_EKS_NETPOL_ENFORCED,
            RES_RACK_REGIONS,
            RES_S3_LOCATION,
            RES_S3_REPLICATION,
            RES_RDS_COPIES,
            RES_KMS_MRK,
            RES_REPLICATION_TARGETS,
            RES_LOG_DESTINATIONS,
            KEY_CMK_ROTATION,
            KEY_CMK_STATE_POLICY,
            KEY_EBS_ENCRYPTION,
            KEY_EKS_SECRETS_CMK,
            KEY_RDS_CMK,
            KEY_S3_CMK,
            KEY_SECRETS_CMK,
            KEY_ECR_CMK,
            KEY_LOGS_CMK,
            AUD_TRAIL_MULTIREGION,
            AUD_TRAIL_VALIDATION,
            AUD_TRAIL_CMK,
            AUD_TRAIL_CWLOGS,
            AUD_TRAIL_BUCKET,
            AUD_EKS_CONTROLPLANE_LOGS,
            AUD_VPC_FLOW_LOGS,
            AUD_LOG_RETENTION,
            AUD_ECR_SCANNING);

    private AwsChecks() {
    }
}
