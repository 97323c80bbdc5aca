import { SecretValue, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Holds the Slack bot token. Created empty; Lookout runs without Slack until it is filled. */
export class SlackSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'BotToken', {
      description: 'Lookout Slack bot token as {"botToken":"xoxb-..."}; an empty token disables Slack.',
      // The placeholder is not a secret. CloudFormation writes it only when this template value changes,
      // so a token put with put-secret-value survives later deploys: keep this value as it is.
      secretObjectValue: { botToken: SecretValue.unsafePlainText('') },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Third-party Slack bot token: it is issued and revoked in Slack, which Secrets Manager rotation cannot do; rotate it in Slack and put the new value here.',
    });
  }
}
