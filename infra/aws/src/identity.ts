import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface IdentityProps {
  /** Where the people app client may send users back to after sign-in. */
  callbackUrls: string[];
}

/** The groups the services' RBAC table knows (shared/auth), most powerful first. */
export const GROUPS = ['admin', 'editor', 'viewer'] as const;
export const SYSTEM_SCOPE = 'system';

/**
 * Cognito: a user pool with the admin/editor/viewer groups, an app client for people (no secret,
 * authorization code + PKCE) and a client-credentials app client for `system` callers, whose
 * tokens carry the `episodic/system` scope of the resource server.
 */
export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly peopleClient: cognito.UserPoolClient;
  readonly systemClient: cognito.UserPoolClient;
  /** What the services' COGNITO_ISSUER and COGNITO_JWKS_URL settings take. */
  readonly issuer: string;
  readonly jwksUrl: string;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    GROUPS.forEach((group, precedence) => new cognito.CfnUserPoolGroup(this, `Group-${group}`, { userPoolId: this.userPool.userPoolId, groupName: group, precedence }));
    const system = new cognito.ResourceServerScope({ scopeName: SYSTEM_SCOPE, scopeDescription: 'Service-to-service calls (scripts, downstream systems)' });
    const server = this.userPool.addResourceServer('Api', { identifier: 'episodic', scopes: [system] });
    this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: `episodic-${Stack.of(this).account}` } });
    this.peopleClient = this.userPool.addClient('People', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: { flows: { authorizationCodeGrant: true }, scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE], callbackUrls: props.callbackUrls },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    this.systemClient = this.userPool.addClient('System', {
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(server, system)] },
      accessTokenValidity: Duration.hours(1),
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
  }
}
