// Package provider is the appsintoss provider: its schema, how its configuration is read (from
// attributes, then environment variables), and Configure, which builds the ONE shared client
// that every resource, data source and ephemeral resource uses.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/resources"
)

var (
	_ provider.Provider                       = (*appsInTossProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*appsInTossProvider)(nil)
)

// New returns the provider factory for providerserver; version is the release version or "dev".
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &appsInTossProvider{version: version}
	}
}

type appsInTossProvider struct {
	version string
}

// providerModel mirrors the schema below.
type providerModel struct {
	Endpoint                     types.String `tfsdk:"endpoint"`
	PayEndpoint                  types.String `tfsdk:"pay_endpoint"`
	ClientCertificate            types.String `tfsdk:"client_certificate"`
	ClientCertificateFile        types.String `tfsdk:"client_certificate_file"`
	ClientKey                    types.String `tfsdk:"client_key"`
	ClientKeyFile                types.String `tfsdk:"client_key_file"`
	CACertificate                types.String `tfsdk:"ca_certificate"`
	CACertificateFile            types.String `tfsdk:"ca_certificate_file"`
	AdditionalClientCertificates types.List   `tfsdk:"additional_client_certificates"`
	CertificateExpiryWarningDays types.Int64  `tfsdk:"certificate_expiry_warning_days"`
	MaxRetries                   types.Int64  `tfsdk:"max_retries"`
	RequestTimeout               types.String `tfsdk:"request_timeout"`
	ReadTimeout                  types.String `tfsdk:"read_timeout"`
	MaxRetryWait                 types.String `tfsdk:"max_retry_wait"`
	RateLimitPerMinute           types.Int64  `tfsdk:"rate_limit_per_minute"`
	LoginDecryptionKey           types.String `tfsdk:"login_decryption_key"`
	LoginDecryptionAAD           types.String `tfsdk:"login_decryption_aad"`
	Console                      types.Object `tfsdk:"console"`
}

type additionalCertificateModel struct {
	Certificate     types.String `tfsdk:"certificate"`
	CertificateFile types.String `tfsdk:"certificate_file"`
	Key             types.String `tfsdk:"key"`
	KeyFile         types.String `tfsdk:"key_file"`
}

func (p *appsInTossProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "appsintoss"
	resp.Version = p.version
}

func (p *appsInTossProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	oneOf := func(other string) []validator.String {
		return []validator.String{stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName(other))}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an Apps in Toss (앱인토스) mini-app — push message templates, promotion " +
			"campaigns, in-app purchase products — and reads its login, Toss Pay and IAP order state, over " +
			"mTLS with the client certificate issued in the Apps in Toss console.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the Apps in Toss partner API (login, messages, promotions, IAP, " +
					"catalog). Defaults to `" + envEndpoint.fallback + "`, or the `" + envEndpoint.name + "` environment variable.",
			},
			"pay_endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the Toss Pay API. Defaults to `" + envPayEndpoint.fallback +
					"`, or the `" + envPayEndpoint.name + "` environment variable. Against the emulator both endpoints are the same address.",
			},
			"client_certificate": schema.StringAttribute{
				Optional:   true,
				Validators: oneOf("client_certificate_file"),
				MarkdownDescription: "The mTLS client certificate issued in the Apps in Toss console (mTLS 인증서 → 발급받기), as " +
					"PEM text. Exactly one of this or `client_certificate_file` (or their environment variables `" +
					envClientCertificate.name + "` / `" + envClientCertificateFile.name + "`) must be set.",
			},
			"client_certificate_file": schema.StringAttribute{
				Optional:            true,
				Validators:          oneOf("client_certificate"),
				MarkdownDescription: "Path to the PEM client certificate file. Environment variable: `" + envClientCertificateFile.name + "`.",
			},
			"client_key": schema.StringAttribute{
				Optional:   true,
				Sensitive:  true,
				Validators: oneOf("client_key_file"),
				MarkdownDescription: "The private key of `client_certificate`, as unencrypted PEM text (PKCS#8, PKCS#1 or EC). " +
					"Exactly one of this or `client_key_file` (or `" + envClientKey.name + "` / `" + envClientKeyFile.name + "`) must be set.",
			},
			"client_key_file": schema.StringAttribute{
				Optional:   true,
				Validators: oneOf("client_key"),
				MarkdownDescription: "Path to the PEM private key file. A file that other users can read gives a warning. " +
					"Environment variable: `" + envClientKeyFile.name + "`.",
			},
			"ca_certificate": schema.StringAttribute{
				Optional:   true,
				Validators: oneOf("ca_certificate_file"),
				MarkdownDescription: "Extra PEM trust roots for the server certificate, e.g. the emulator's CA or a private gateway's. " +
					"Default: the system roots, which is what the real service needs. Environment variable: `" + envCACertificate.name + "`.",
			},
			"ca_certificate_file": schema.StringAttribute{
				Optional:            true,
				Validators:          oneOf("ca_certificate"),
				MarkdownDescription: "Path to a PEM file of extra trust roots. Environment variable: `" + envCACertificateFile.name + "`.",
			},
			"additional_client_certificates": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "More live certificate/key pairs of the same mini-app, for rotation without downtime: the " +
					"console allows several certificates at once. Of all configured pairs the client presents the one " +
					"that is currently valid and expires last, and if the server rejects it during the handshake it " +
					"tries the next once. Each member takes the same one-form-of-each rule as the primary pair. Every " +
					"pair must carry the primary's CN: one provider block is one mini-app (use a provider alias for another).",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"certificate": schema.StringAttribute{
							Optional: true, Validators: oneOf("certificate_file"),
							MarkdownDescription: "PEM certificate text. Exactly one of `certificate` or `certificate_file`.",
						},
						"certificate_file": schema.StringAttribute{
							Optional: true, Validators: oneOf("certificate"),
							MarkdownDescription: "Path to the PEM certificate file.",
						},
						"key": schema.StringAttribute{
							Optional: true, Sensitive: true, Validators: oneOf("key_file"),
							MarkdownDescription: "PEM private key text. Exactly one of `key` or `key_file`.",
						},
						"key_file": schema.StringAttribute{
							Optional: true, Validators: oneOf("key"),
							MarkdownDescription: "Path to the PEM private key file.",
						},
					},
				},
			},
			"certificate_expiry_warning_days": schema.Int64Attribute{
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
				MarkdownDescription: "Warn during plan when a configured certificate expires within this many days. " +
					"Default `30`; `0` disables the warning.",
			},
			"max_retries": schema.Int64Attribute{
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
				MarkdownDescription: "How many times a call is retried after a transient failure — a timeout, a reset " +
					"connection, HTTP 500/502/503/504, `INTERNAL_ERROR`, an answer that is not the Apps in Toss envelope — " +
					"with capped exponential backoff and jitter. Default `4`. Rate-limit answers (HTTP 429, `4095`) are not " +
					"failures and do not count: they are waited out as the server asks (see `max_retry_wait`) until the " +
					"call's deadline. Calls that move money, points or messages are never retried.",
			},
			"max_retry_wait": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{durationValidator{}},
				MarkdownDescription: "The longest single wait between two attempts of a call, as a Go duration string. " +
					"Default `\"30s\"`. When Apps in Toss asks for a longer pause (`retryAfterSeconds` of a rate-limit " +
					"answer), the call fails at once with an error quoting it, instead of sleeping for it.",
			},
			"request_timeout": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{durationValidator{}},
				MarkdownDescription: "Timeout of one HTTP attempt, as a Go duration string such as `\"30s\"` or `\"2m\"`. " +
					"Default `\"30s\"`.",
			},
			"read_timeout": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{durationValidator{}},
				MarkdownDescription: "The deadline of one call, retries and waits included, when the operation has none of " +
					"its own: refresh, data sources, import, ephemeral resources, and any operation a resource's " +
					"`timeouts` block does not cover. Default `\"2m\"`. Operations with a `timeouts` entry are bounded by it instead.",
			},
			"rate_limit_per_minute": schema.Int64Attribute{
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
				MarkdownDescription: "Client-side rate limit shared by every resource of this provider instance, in requests " +
					"per minute, spaced evenly. Default `3000`, the documented per-mini-app limit. When Apps in Toss answers " +
					"HTTP 429 (its limit for the mini-app is lower), the provider slows down below this rate for all " +
					"resources and climbs back gradually; this value is where it starts and the most it returns to. `0` " +
					"switches client-side limiting off (for gateways and benchmarks).",
			},
			"login_decryption_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The Base64 AES-256-GCM key that the console e-mails for decrypting Toss login personal " +
					"fields (이메일로 복호화 키 받기). Without it, login data sources never decrypt personal data. " +
					"Environment variable: `" + envLoginDecryptionKey.name + "`. Set together with `login_decryption_aad`.",
			},
			"login_decryption_aad": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The AAD string e-mailed with the login decryption key. Environment variable: `" +
					envLoginDecryptionAAD.name + "`.",
			},
			"console": consoleSchema(),
		},
	}
}

func (p *appsInTossProvider) Resources(context.Context) []func() resource.Resource {
	return resources.Resources()
}

func (p *appsInTossProvider) DataSources(context.Context) []func() datasource.DataSource {
	return resources.DataSources()
}

func (p *appsInTossProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return resources.EphemeralResources()
}
