import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The groups a user belongs to: they say what the user may do; `custom:cellIds` says where. */
export const USER_GROUPS = {
  secretary:
    'Cell secretaries (bí thư / chi ủy): refer candidates, upload dossiers, record votes and ceremonies',
  committee: 'Committee members (đảng ủy / ban thường vụ): review and decide on dossiers',
  admin: 'Administrators: manage cells, users and targets',
} as const;

/** The custom attribute that ties a user to the cells they may see (comma-separated cell ids). */
export const CELL_IDS_ATTRIBUTE = 'cellIds';

export interface AuthProps {
  /** Public origin of the web app: the hosted login redirects back to it. */
  readonly appOrigin: string;
  /** Hosted-login domain prefix (unique per region). */
  readonly domainPrefix: string;
}

/**
 * Who may sign in: a Cognito user pool (no self sign-up; an admin creates users), MFA required, threat
 * protection enforced, groups for the three roles and the cells each user belongs to.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** Issuer of the ID tokens (AUTH_ISSUER), its JWKS (AUTH_JWKS_URL) and their audience (AUTH_AUDIENCE). */
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      userPoolName: 'ketnap-users',
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        [CELL_IDS_ATTRIBUTE]: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const [groupName, description] of Object.entries(USER_GROUPS)) {
      new CfnUserPoolGroup(this, `Group-${groupName}`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        description,
      });
    }

    this.domain = this.userPool.addDomain('Login', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    // A user must never be able to change their own cells: the client may read custom:cellIds, not write it.
    const standardRead = { email: true, emailVerified: true, fullname: true, locale: true };
    this.client = this.userPool.addClient('Web', {
      userPoolClientName: 'ketnap-web',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.appOrigin}/auth/callback`],
        logoutUrls: [`${props.appOrigin}/`],
      },
      readAttributes: new ClientAttributes()
        .withStandardAttributes(standardRead)
        .withCustomAttributes(CELL_IDS_ATTRIBUTE),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true, locale: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
    });

    const stack = Stack.of(this);
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
    this.audience = this.client.userPoolClientId;
  }
}
