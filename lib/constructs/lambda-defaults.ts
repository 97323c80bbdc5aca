import { join } from 'node:path';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { COMPILED_SETUP_FILE } from '../../lambda/config/compiled-setup.js';

/** Settings every Lookout Lambda shares; built once by the stack. */
export interface LambdaDefaults {
  /** Repository root: holds package-lock.json and lambda/. */
  readonly projectRoot: string;
  /** Config and runbooks compiled at synth (see compileSetup); copied beside every bundle. */
  readonly compiledSetupFile: string;
  /** false swaps esbuild for inline code so unit tests synthesise in milliseconds; never deploy that. */
  readonly bundling: boolean;
  readonly logRetention: logs.RetentionDays;
}

export interface LookoutFunctionProps {
  readonly defaults: LambdaDefaults;
  /** Handler file relative to projectRoot, exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment?: Record<string, string>;
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
  readonly onFailure?: lambda.IDestination;
  readonly reservedConcurrentExecutions?: number;
}

// Bundled CommonJS dependencies still require Node built-ins (e.g. node:os); in an ESM bundle that is a
// dynamic require it cannot serve ("Dynamic require of node:os is not supported" at import) without a
// real `require`.
const REQUIRE_SHIM =
  "import{createRequire as __lookoutRequire}from'node:module';const require=__lookoutRequire(import.meta.url);";

/**
 * A Lambda with Lookout's defaults: ARM64, Node 24, its own log group and role, X-Ray, source maps,
 * ESM bundle with the config and runbooks compiled at synth beside it.
 */
export class LookoutFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LookoutFunctionProps) {
    super(scope, id);
    const { defaults } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: defaults.logRetention,
      // Incident evidence lives in DynamoDB; logs are operational and need not outlive the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: that managed policy lets the function write to
    // every log group in the account, this one only to its own.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);

    const common = {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      role: this.role,
      logGroup: this.logGroup,
      timeout: props.timeout,
      memorySize: props.memorySize,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'lookout',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      onFailure: props.onFailure,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    } satisfies lambda.FunctionOptions & { runtime: lambda.Runtime };

    this.function = defaults.bundling
      ? new nodejs.NodejsFunction(this, 'Function', {
          ...common,
          entry: join(defaults.projectRoot, props.entry),
          handler: 'handler',
          projectRoot: defaults.projectRoot,
          depsLockFilePath: join(defaults.projectRoot, 'package-lock.json'),
          bundling: bundlingOptions(defaults.compiledSetupFile),
        })
      : new lambda.Function(this, 'Function', {
          ...common,
          code: lambda.Code.fromInline('exports.handler = async () => ({});'),
          handler: 'index.handler',
        });

    this.enableTracing();
  }

  /**
   * Turns on active X-Ray tracing with its permissions in a policy of their own, so the `Resource::*`
   * acknowledgement below covers exactly the X-Ray statement and cannot hide a wildcard added later to
   * the role's default policy.
   */
  private enableTracing(): void {
    const xray = new iam.Policy(this, 'XRayWrite', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      ],
    });
    Validations.of(xray).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions; this policy holds only those two actions.',
    });
    const cfn = this.function.node.defaultChild as lambda.CfnFunction;
    cfn.tracingConfig = { mode: lambda.Tracing.ACTIVE };
    this.function.node.addDependency(xray);
  }
}

function bundlingOptions(compiledSetupFile: string): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    mainFields: ['module', 'main'],
    banner: REQUIRE_SHIM,
    target: 'node24',
    // The Node 24 runtime ships AWS SDK v3; bundling it would add ~360 KB and a slower cold start.
    externalModules: ['@aws-sdk/*'],
    minify: true,
    esbuildArgs: {
      // Node reads the bundle as UTF-8; esbuild's default \uXXXX escapes only make it longer. (The
      // `charset` bundling option is declared by aws-cdk-lib 2.276 but never passed on to esbuild.)
      '--charset': 'utf8',
      // p-queue asks for eventemitter3 4.x and @slack/web-api for 5.x; the installed 4.0.7 and 5.0.4 ship a
      // byte-identical index.js. An alias resolves from the project root, so the bundle carries one copy
      // (−2.8 KB). Recheck with `diff` when either package moves.
      '--alias': 'eventemitter3=eventemitter3',
    },
    sourceMap: true,
    // Stack traces need names and lines, not the sources: keeps the asset small.
    sourcesContent: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      // Runs on the host shell (local esbuild, no Docker). The asset hash covers the output, so a changed
      // config or runbook deploys new code.
      afterBundling: (_inputDir: string, outputDir: string) => [
        `cp "${compiledSetupFile}" "${outputDir}/${COMPILED_SETUP_FILE}"`,
      ],
    },
  };
}
