/**
 * The preflight: proves against the live AWS account that the Scoutflo
 * role allows every action its mode requires, denies the write actions a
 * read-only role must not have, is trusted correctly, and has the EKS
 * access the mode needs.
 */
import type { Role } from "@aws-sdk/client-iam";
import { assumeRole } from "./assume-role";
import { PreflightAbort } from "./aws-errors";
import { AwsSession, CallCounter, resolveTimeoutOptions } from "./aws-session";
import { checkClusterEksAccess, describeClusters } from "./eks-access";
import type { ClusterCheck, ClusterInfo } from "./eks-access";
import { getCallerIdentity } from "./identity";
import {
  checkPreflightOptions,
  normalizeClusters,
  weakExternalIdWarnings,
} from "./options-check";
import type { OptionProblem } from "./options-check";
import type { ClusterExpectation, PreflightOptions } from "./options";
import { planSimulation } from "./permission-plan";
import type { SimulationPlan } from "./permission-plan";
import {
  actionProblems,
  evaluateActions,
  evaluateCapabilities,
  missingContextWarnings,
} from "./permission-results";
import type { PreflightRun as Run } from "./preflight-run";
import type { PreflightReport } from "./report";
import { ReportBuilder } from "./report-builder";
import { resolveRetryOptions } from "./retry";
import { checkTrust, readRole } from "./role-checks";
import { parseRoleReference } from "./role-reference";
import type { RoleReference } from "./role-reference";
import { chunkActions, simulateBatches } from "./simulation";
import type { SimulationResults } from "./simulation";

/**
 * Runs the preflight and returns its report. Every AWS error becomes an
 * `error` report; only a bug throws.
 */
export async function runPreflight(
  options: PreflightOptions,
): Promise<PreflightReport> {
  const counter = new CallCounter();
  const report = new ReportBuilder(options.mode, String(options.role), counter);
  const invalid = checkPreflightOptions(options);
  if (invalid.length > 0) {
    return report.fail(invalidOptions(invalid));
  }

  const base = new AwsSession(
    options.clientConfig ?? {},
    counter,
    resolveRetryOptions(options.retry),
    resolveTimeoutOptions(options.timeouts),
  );
  const run = { options, report, progress: options.onProgress ?? (() => {}) };
  const sessions = [base];
  try {
    await runChecks(run, base, sessions);
    return report.finish();
  } catch (error) {
    if (error instanceof PreflightAbort) {
      return report.fail(error.outcome);
    }

    throw error;
  } finally {
    sessions.forEach((session) => session.destroy());
  }
}

async function runChecks(
  run: Run,
  base: AwsSession,
  sessions: AwsSession[],
): Promise<void> {
  const { options, report } = run;
  report.warnings.push(...weakExternalIdWarnings(options));
  run.progress({
    step: "caller-identity",
    message: "Reading the caller identity",
  });
  report.caller = await getCallerIdentity(base);

  const reference = parseRoleReference(options.role) as RoleReference;
  const session = await sessionForChecks(run, base, reference);
  if (session === undefined) {
    return;
  }

  sessions.push(session);
  const role = await readRole(run, session, reference);
  if (role === undefined) {
    return;
  }

  checkTrust(run, role);
  await checkPermissionsAndClusters(run, session, role);
}

/**
 * Returns the session the checks run with: the base credentials, or a
 * session as the role after AssumeRole; undefined when AssumeRole was
 * denied.
 */
async function sessionForChecks(
  run: Run,
  base: AwsSession,
  reference: RoleReference,
): Promise<AwsSession | undefined> {
  const { options, report } = run;
  const caller = report.caller!;
  if (options.assumeRole !== true) {
    assertSameAccount(caller.account, reference, options.accountId);
    return base;
  }

  run.progress({ step: "assume-role", message: "Assuming the role" });
  const outcome = await assumeRole(base, caller, {
    reference,
    accountId: options.accountId,
    externalId: options.externalId ?? "",
    sessionName: options.sessionName ?? "scoutflo-preflight",
  });
  report.assumeRole = outcome.summary;
  if (outcome.status === "denied") {
    report.problems.push(...outcome.problems);
    return undefined;
  }

  return outcome.session;
}

function assertSameAccount(
  callerAccount: string,
  reference: RoleReference,
  accountId: string | undefined,
): void {
  const roleAccount = reference.accountId ?? accountId ?? callerAccount;
  if (roleAccount === callerAccount) {
    return;
  }

  throw new PreflightAbort({
    code: "WRONG_ACCOUNT",
    operation: "sts:GetCallerIdentity",
    message: `The role is in account ${roleAccount}, but the credentials are of account ${callerAccount}; IAM GetRole and the policy simulator only see the caller's own account. Use credentials of account ${roleAccount}, or run with --assume-role and the ExternalId.`,
  });
}

async function checkPermissionsAndClusters(
  run: Run,
  session: AwsSession,
  role: Role,
): Promise<void> {
  const clusters = normalizeClusters(run.options.clusters);
  const plural = clusters.length === 1 ? "cluster" : "clusters";
  run.progress({
    step: "clusters",
    message: `Describing ${clusters.length} ${plural}`,
  });
  const infos = await describeClusters(
    session,
    clusters.map((cluster) => cluster.name),
  );

  const clusterArns = infos.flatMap((info) =>
    info.arn === undefined ? [] : [info.arn],
  );
  // The simulation and the EKS access checks are independent, so they run
  // concurrently. The EKS results join the report after the simulation's,
  // in cluster order, so the report does not depend on which ends first.
  const [, eksChecks] = await Promise.all([
    checkPermissions(run, session, role, clusterArns),
    Promise.all(
      clusters.map((cluster, index) =>
        checkEksAccess(run, session, role, cluster, infos[index]),
      ),
    ),
  ]);

  for (const check of eksChecks) {
    run.report.clusters.push(check.result);
    run.report.problems.push(...check.problems);
    run.report.warnings.push(...check.warnings);
  }
}

async function checkPermissions(
  run: Run,
  session: AwsSession,
  role: Role,
  clusterArns: readonly string[],
): Promise<void> {
  const { options, report } = run;
  const roleArn = role.Arn ?? "";
  run.progress({
    step: "expand-actions",
    message: "Expanding action patterns",
  });
  const plan = await planSimulation(options.mode, { roleArn, clusterArns });
  report.warnings.push(...plan.warnings);

  const results = await simulateWithProgress(run, session, roleArn, plan);
  report.actions = evaluateActions(plan, results);
  report.capabilities = evaluateCapabilities(options.mode, report.actions);
  report.excess = report.actions
    .filter((result) => result.purpose === "excess" && !result.ok)
    .map((result) => result.action);
  report.problems.push(
    ...actionProblems(plan, report.actions, role.RoleName ?? ""),
  );
  report.warnings.push(...missingContextWarnings(report.actions));
}

/**
 * Simulates the plan and reports every page. `total` counts the calls
 * planned; extra pages of a truncated result raise it as they arrive.
 */
function simulateWithProgress(
  run: Run,
  session: AwsSession,
  roleArn: string,
  plan: SimulationPlan,
): Promise<SimulationResults> {
  const planned = plan.batches.reduce(
    (sum, batch) => sum + chunkActions(batch).length,
    0,
  );
  run.progress({
    step: "simulate",
    message: `Simulating ${plan.actions.size} actions`,
    done: 0,
    total: planned,
  });

  return simulateBatches(session, roleArn, plan.batches, (done) =>
    run.progress({
      step: "simulate",
      message: `Simulator page ${done}`,
      done,
      total: Math.max(planned, done),
    }),
  );
}

async function checkEksAccess(
  run: Run,
  session: AwsSession,
  role: Role,
  cluster: ClusterExpectation,
  info: ClusterInfo,
): Promise<ClusterCheck> {
  run.progress({
    step: "eks-access",
    message: `Checking EKS access in ${cluster.name}`,
  });
  const principal = { roleArn: role.Arn ?? "", roleName: role.RoleName ?? "" };

  return checkClusterEksAccess(
    session,
    run.options.mode,
    principal,
    cluster,
    info,
  );
}

function invalidOptions(problems: readonly OptionProblem[]) {
  return {
    code: "INVALID_OPTIONS" as const,
    operation: "none",
    message: problems.map((problem) => problem.message).join(" "),
  };
}
