package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*loginSessionEphemeralResource)(nil)

// NewLoginSessionEphemeralResource renews a Toss-login access token from a refresh token and reads
// the user, without anything reaching the plan or the state (Terraform 1.10 and later).
func NewLoginSessionEphemeralResource() ephemeral.EphemeralResource {
	return &loginSessionEphemeralResource{}
}

type loginSessionEphemeralResource struct {
	client *client.Client
}

type loginSessionModel struct {
	RefreshToken          types.String `tfsdk:"refresh_token"`
	AccessToken           types.String `tfsdk:"access_token"`
	ExpiresIn             types.Int64  `tfsdk:"expires_in"`
	UserKey               types.Int64  `tfsdk:"user_key"`
	Scope                 types.List   `tfsdk:"scope"`
	AgreedTerms           types.List   `tfsdk:"agreed_terms"`
	PersonalDataDecrypted types.Bool   `tfsdk:"personal_data_decrypted"`
	loginPersonalModel
}

func (r *loginSessionEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_login_session"
}

func (r *loginSessionEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"refresh_token": schema.StringAttribute{
			Required: true, Sensitive: true,
			MarkdownDescription: "A Toss-login refresh token (valid 14 days). Each time Terraform opens the " +
				"session (at least once in plan and once in apply) it is used to issue a fresh access token. " +
				"Authorization codes are not accepted: they are single use, and Terraform opens an ephemeral " +
				"resource more than once per run. Pass it from an ephemeral source (an `ephemeral = true` " +
				"variable, another ephemeral resource) to keep it out of state too.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"access_token": schema.StringAttribute{
			Computed: true, Sensitive: true,
			MarkdownDescription: "The fresh access token (Bearer token for Toss-login APIs), valid `expires_in` seconds. Never written to plan or state.",
		},
		"expires_in": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "Lifetime of `access_token` in seconds, as Apps in Toss reports it (about 3,600).",
		},
		"user_key":                schema.Int64Attribute{Computed: true, MarkdownDescription: loginUserKeyDescription},
		"scope":                   schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: loginScopeDescription},
		"agreed_terms":            schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: loginAgreedTermsDesc},
		"personal_data_decrypted": schema.BoolAttribute{Computed: true, MarkdownDescription: loginDecryptedDescription},
	}
	for _, f := range loginPersonalFields {
		attrs[f.attr] = schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: loginPersonalFieldDescription(f)}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Renews a Toss-login access token from a refresh token and reads the user " +
			"(`refresh-token`, then `login-me`), exposing the access token, `user_key`, scopes, terms and — with " +
			"`login_decryption_key` and `login_decryption_aad` on the provider — the decrypted personal fields. " +
			"Nothing of it is written to the plan or the state. Requires Terraform 1.10 or later. It does not " +
			"take authorization codes: they are single use, and Terraform opens an ephemeral resource more than " +
			"once per run. Whether Toss invalidates a refresh token once it is used is not documented; if it " +
			"does, each open spends the token.",
		Attributes: attrs,
	}
}

func (r *loginSessionEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.client = sharedClient(req.ProviderData, &resp.Diagnostics)
}

func (r *loginSessionEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if !clientConfigured(r.client, &resp.Diagnostics) {
		return
	}
	var data loginSessionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	attr := path.Root("refresh_token")
	tokens, ok := renewLoginToken(ctx, r.client, data.RefreshToken.ValueString(), attr, &resp.Diagnostics)
	if !ok {
		return
	}
	user, ok := readLoginMe(ctx, r.client, tokens.AccessToken, attr, true, &resp.Diagnostics)
	if !ok {
		return
	}
	data.AccessToken = types.StringValue(tokens.AccessToken)
	data.ExpiresIn = types.Int64Value(tokens.ExpiresIn)
	data.UserKey = types.Int64Value(user.UserKey)
	data.Scope = listOfStrings(user.Scope, &resp.Diagnostics)
	data.AgreedTerms = listOfStrings(user.AgreedTerms, &resp.Diagnostics)
	data.PersonalDataDecrypted = types.BoolValue(user.Personal != nil)
	data.loginPersonalModel = personalModel(user.Personal)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &data)...)
}
