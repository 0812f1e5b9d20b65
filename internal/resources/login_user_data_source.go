package resources

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = (*loginUserDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*loginUserDataSource)(nil)
)

// NewLoginUserDataSource reads the Toss-login user behind an access or refresh token (login-me).
// Its natural use is a CI smoke check of the login integration with a test account.
func NewLoginUserDataSource() datasource.DataSource {
	return &loginUserDataSource{}
}

type loginUserDataSource struct {
	client *client.Client
}

// loginPersonalModel is the decrypted personal fields, shared by the data source and the
// ephemeral resource.
type loginPersonalModel struct {
	Name        types.String `tfsdk:"name"`
	Phone       types.String `tfsdk:"phone"`
	Email       types.String `tfsdk:"email"`
	Gender      types.String `tfsdk:"gender"`
	Birthday    types.String `tfsdk:"birthday"`
	Nationality types.String `tfsdk:"nationality"`
	CI          types.String `tfsdk:"ci"`
	CallingCode types.String `tfsdk:"calling_code"`
}

type loginUserModel struct {
	AccessToken           types.String `tfsdk:"access_token"`
	RefreshToken          types.String `tfsdk:"refresh_token"`
	UserKey               types.Int64  `tfsdk:"user_key"`
	Scope                 types.List   `tfsdk:"scope"`
	AgreedTerms           types.List   `tfsdk:"agreed_terms"`
	PersonalDataDecrypted types.Bool   `tfsdk:"personal_data_decrypted"`
	loginPersonalModel
}

// loginPersonalField describes one decrypted field: its attribute, the login-me key and the
// console scope that releases it.
type loginPersonalField struct {
	attr, scope, what string
}

var loginPersonalFields = []loginPersonalField{
	{"name", "user_name", "Name"},
	{"phone", "user_phone", "Mobile phone number"},
	{"email", "user_email", "E-mail address (not ownership-verified by Toss; null when the user has none)"},
	{"gender", "user_gender", "Gender: `MALE` or `FEMALE`"},
	{"birthday", "user_birthday", "Date of birth, `yyyyMMdd`"},
	{"nationality", "user_nationality", "Nationality: `LOCAL` or `FOREIGNER`"},
	{"ci", "user_ci", "CI (Connection Information), the person's identifier across Korean services"},
	{"calling_code", "", "Country calling code (e.g. `82`); only some login-me answers carry it"},
}

// loginPersonalFieldDescription is the MarkdownDescription of one personal attribute.
func loginPersonalFieldDescription(f loginPersonalField) string {
	scope := "when login-me returns it"
	if f.scope != "" {
		scope = "when the user agreed to the `" + f.scope + "` scope"
	}
	return f.what + ", decrypted. Set only when the provider has `login_decryption_key` and " +
		"`login_decryption_aad` and " + scope + "; otherwise null, and nothing personal is read into Terraform. Sensitive."
}

const (
	loginUserKeyDescription   = "The user's `userKey`: unique per mini-app, a positive integer below 2^53. Not sensitive."
	loginScopeDescription     = "Scopes the user agreed to, e.g. `user_name`, `user_phone`, `user_key` (login-me sends them comma-separated; split, trimmed, empty entries dropped, order kept). Not sensitive."
	loginAgreedTermsDesc      = "Tags of the terms the user agreed to (the console's 약관 tags). Not sensitive."
	loginDecryptedDescription = "Whether the provider has a login decryption key, i.e. whether the personal attributes were decrypted (they are null when this is false)."
)

func (d *loginUserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_login_user"
}

func (d *loginUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"access_token": schema.StringAttribute{
			Optional: true, Sensitive: true,
			MarkdownDescription: "A Toss-login access token (valid 1 hour). Exactly one of `access_token` and " +
				"`refresh_token` is required. Kept in state (sensitive) as every data source argument is.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"refresh_token": schema.StringAttribute{
			Optional: true, Sensitive: true,
			MarkdownDescription: "A Toss-login refresh token (valid 14 days). Every read first renews the access " +
				"token with it, so the data source keeps working for the refresh token's lifetime instead of the " +
				"access token's hour. Exactly one of `access_token` and `refresh_token` is required. Kept in state " +
				"(sensitive). Whether Toss invalidates a refresh token when it is used is not documented; if it does, " +
				"a refresh token works for one read only — use the `appsintoss_login_session` ephemeral resource and " +
				"a token kept outside Terraform.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
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
		MarkdownDescription: "Reads the Toss-login user behind an access token or a refresh token (`login-me`): " +
			"`user_key`, agreed scopes and terms, and — only when the provider has `login_decryption_key` and " +
			"`login_decryption_aad` — the decrypted personal fields. State keeps the token argument (sensitive) " +
			"and, with a key, the decrypted fields (sensitive); without a key nothing personal is read. To use " +
			"a login without any of it in state, use the `appsintoss_login_session` ephemeral resource.",
		Attributes: attrs,
	}
}

func (d *loginUserDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("access_token"), path.MatchRoot("refresh_token")),
	}
}

func (d *loginUserDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = sharedClient(req.ProviderData, &resp.Diagnostics)
}

func (d *loginUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientConfigured(d.client, &resp.Diagnostics) {
		return
	}
	var data loginUserModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	accessToken := data.AccessToken.ValueString()
	if !data.RefreshToken.IsNull() {
		tokens, ok := renewLoginToken(ctx, d.client, data.RefreshToken.ValueString(), path.Root("refresh_token"), &resp.Diagnostics)
		if !ok {
			return
		}
		accessToken = tokens.AccessToken
	}
	tokenPath := path.Root("access_token")
	if !data.RefreshToken.IsNull() {
		tokenPath = path.Root("refresh_token")
	}
	user, ok := readLoginMe(ctx, d.client, accessToken, tokenPath, !data.RefreshToken.IsNull(), &resp.Diagnostics)
	if !ok {
		return
	}
	data.UserKey = types.Int64Value(user.UserKey)
	data.Scope = listOfStrings(user.Scope, &resp.Diagnostics)
	data.AgreedTerms = listOfStrings(user.AgreedTerms, &resp.Diagnostics)
	data.PersonalDataDecrypted = types.BoolValue(user.Personal != nil)
	data.loginPersonalModel = personalModel(user.Personal)
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// renewLoginToken trades a refresh token for a fresh access token, reporting failures at attr.
func renewLoginToken(ctx context.Context, c *client.Client, refreshToken string, attr path.Path, diags *diag.Diagnostics) (*client.LoginTokens, bool) {
	tokens, err := c.RefreshLoginToken(ctx, refreshToken)
	if err == nil {
		return tokens, true
	}
	if client.HasCode(err, client.CodeInvalidGrant) {
		diags.AddAttributeError(attr, "Refresh token refused",
			"Apps in Toss refused the refresh token: it is invalid, expired (refresh tokens live 14 days), revoked, or "+
				"already used (whether Toss invalidates a refresh token once it is used is not documented). Log in "+
				"again in the mini-app (appLogin → generate-token) and use the new refresh token.\n\n"+apiAnswerDetail(err))
		return nil, false
	}
	diags.AddAttributeError(attr, "Renewing the Toss-login access token failed",
		"The refresh-token call did not succeed. Check the error below; retryable failures were already retried "+
			"(max_retries).\n\n"+apiAnswerDetail(err))
	return nil, false
}

// readLoginMe calls login-me and turns its failures into diagnostics at attr. renewed says the
// access token was just issued from a refresh token (so "expired" is not the likely cause).
func readLoginMe(ctx context.Context, c *client.Client, accessToken string, attr path.Path, renewed bool, diags *diag.Diagnostics) (*client.LoginUser, bool) {
	user, err := c.LoginMe(ctx, accessToken)
	if err == nil {
		return user, true
	}
	var de *client.LoginDecryptionError
	switch {
	case errors.As(err, &de):
		diags.AddError("Decrypting the login user's personal fields failed",
			fmt.Sprintf("%v.\n\nCheck login_decryption_key and login_decryption_aad in the provider block (or "+
				"APPSINTOSS_LOGIN_DECRYPTION_KEY and APPSINTOSS_LOGIN_DECRYPTION_AAD): they must be the Base64 key and "+
				"the AAD the Apps in Toss console e-mailed for this mini-app. Remove both to read the user without "+
				"personal fields. Nothing was written to state.", err))
	case client.HasCode(err, client.CodeInvalidGrant) && !renewed:
		diags.AddAttributeError(attr, "Access token refused",
			"Apps in Toss refused the access token: it is invalid, revoked or expired (access tokens live 1 hour). "+
				"Use refresh_token instead so that every read renews the access token, or read the user through the "+
				"appsintoss_login_session ephemeral resource.\n\n"+apiAnswerDetail(err))
	case client.HasCode(err, client.CodeInvalidGrant):
		diags.AddAttributeError(attr, "Renewed access token refused",
			"Apps in Toss issued an access token for the refresh token and then refused it in login-me. The login "+
				"was probably revoked meanwhile (remove-by-access-token, remove-by-user-key, or the user unlinking the "+
				"service); log in again.\n\n"+apiAnswerDetail(err))
	default:
		diags.AddAttributeError(attr, "Reading the Toss-login user failed",
			"login-me did not succeed. USER_KEY_NOT_FOUND and USER_NOT_FOUND mean the login no longer maps to a "+
				"user (the user left the service or Toss); other codes are in the error below. Retryable failures "+
				"were already retried (max_retries).\n\n"+apiAnswerDetail(err))
	}
	return nil, false
}

// personalModel maps decrypted fields to attributes; nil (no key) leaves every one null.
func personalModel(p *client.PersonalInfo) loginPersonalModel {
	if p == nil {
		return loginPersonalModel{Name: types.StringNull(), Phone: types.StringNull(), Email: types.StringNull(),
			Gender: types.StringNull(), Birthday: types.StringNull(), Nationality: types.StringNull(),
			CI: types.StringNull(), CallingCode: types.StringNull()}
	}
	return loginPersonalModel{Name: types.StringPointerValue(p.Name), Phone: types.StringPointerValue(p.Phone),
		Email: types.StringPointerValue(p.Email), Gender: types.StringPointerValue(p.Gender),
		Birthday: types.StringPointerValue(p.Birthday), Nationality: types.StringPointerValue(p.Nationality),
		CI: types.StringPointerValue(p.CI), CallingCode: types.StringPointerValue(p.CallingCode)}
}

// listOfStrings makes a list of strings; an empty slice is an empty list, never null.
func listOfStrings(values []string, diags *diag.Diagnostics) types.List {
	if values == nil {
		values = []string{}
	}
	list, d := types.ListValueFrom(context.Background(), types.StringType, values)
	diags.Append(d...)
	return list
}
