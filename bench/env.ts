// Imported first by run.ts: the AWS SDK prints a multi-line NodeVersionSupportWarning on Node 20 unless
// this is set before it loads, and child processes (module-init spawns) inherit it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
