package resources

import (
	"context"
	"errors"
	"fmt"
	"regexp"

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
	_ datasource.DataSourceWithConfigure        = (*pushTemplateDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*pushTemplateDataSource)(nil)
)

// NewPushTemplateDataSource looks up one push template of the catalog by code or templateSetCode,
// so a template made in the console can be wired into other configuration.
func NewPushTemplateDataSource() datasource.DataSource {
	return &pushTemplateDataSource{}
}

type pushTemplateDataSource struct {
	catalog client.Catalog
}

// pushTemplateValues is a push template as the lookups expose it: the model of
// appsintoss_push_template and one element of appsintoss_push_templates.
type pushTemplateValues struct {
	Code              types.String `tfsdk:"code"`
	TemplateSetCode   types.String `tfsdk:"template_set_code"`
	Name              types.String `tfsdk:"name"`
	Title             types.String `tfsdk:"title"`
	Body              types.String `tfsdk:"body"`
	LandingURL        types.String `tfsdk:"landing_url"`
	AgreementRequired types.Bool   `tfsdk:"agreement_required"`
	ReviewStatus      types.String `tfsdk:"review_status"`
	ReviewComment     types.String `tfsdk:"review_comment"`
}

func pushTemplateValuesOf(t client.PushTemplate) pushTemplateValues {
	return pushTemplateValues{
		Code: types.StringValue(t.Code), TemplateSetCode: types.StringValue(t.TemplateSetCode),
		Name: types.StringValue(t.Name), Title: types.StringValue(t.Title), Body: types.StringValue(t.Body),
		LandingURL: stringOrNull(t.LandingURL), AgreementRequired: types.BoolValue(t.AgreementRequired),
		ReviewStatus: types.StringValue(t.ReviewStatus), ReviewComment: stringOrNull(t.ReviewComment),
	}
}

// Attribute descriptions shared by the single lookup and the list.
const (
	pushTemplateCodeDesc            = "The template's code as registered (upper case, digits and `_`, e.g. `ORDER_SHIPPED`)."
	pushTemplateSetCodeDesc         = "The send code the server assigned, `<appName>-<code>`: what `send-message` takes as `templateSetCode`."
	reviewStatusDesc                = "Review state: `IN_REVIEW`, `APPROVED` or `REJECTED`."
	reviewCommentDesc               = "The reviewer's comment (typically on `REJECTED`); null when there is none."
	pushTemplateLandingDesc         = "Landing URL (`intoss://…`); null when none."
	pushTemplateAgreementRequiredDs = "Whether only users who agreed to the app's 알림 동의문 receive it."
)

// pushTemplateComputedAttributes is every attribute of a template, computed: the list element, and
// the single lookup minus its two keys.
func pushTemplateComputedAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"code":               str(pushTemplateCodeDesc),
		"template_set_code":  str(pushTemplateSetCodeDesc),
		"name":               str("Name shown in the console (at most 100 characters)."),
		"title":              str("Message title (at most 100 characters)."),
		"body":               str("Message body; variables are written `{{variable}}` and filled at send time."),
		"landing_url":        str(pushTemplateLandingDesc),
		"agreement_required": schema.BoolAttribute{Computed: true, MarkdownDescription: pushTemplateAgreementRequiredDs},
		"review_status":      str(reviewStatusDesc),
		"review_comment":     str(reviewCommentDesc),
	}
}

var (
	templateCodePattern    = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,49}$`)
	templateSetCodePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*-[A-Z][A-Z0-9_]{1,49}$`)
)

func (d *pushTemplateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_push_template"
}

func (d *pushTemplateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := pushTemplateComputedAttributes()
	attrs["code"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: pushTemplateCodeDesc + " Exactly one of `code` and `template_set_code` is required.",
		Validators: []validator.String{stringvalidator.RegexMatches(templateCodePattern,
			"must be 2 to 50 characters: an upper-case letter, then upper-case letters, digits or _")},
	}
	attrs["template_set_code"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: pushTemplateSetCodeDesc + " Exactly one of `code` and `template_set_code` is required.",
		Validators: []validator.String{stringvalidator.LengthAtMost(150), stringvalidator.RegexMatches(templateSetCodePattern,
			"must be <appName>-<code>, e.g. my-app-ORDER_SHIPPED")},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one push (smart message) template of the mini-app's catalog by `code` or " +
			"`template_set_code` — for wiring a template created in the console, or by another configuration, " +
			"into this one (e.g. its `template_set_code` into a service's settings). A template that does not " +
			"exist is an error.",
		Attributes: attrs,
	}
}

func (d *pushTemplateDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("code"), path.MatchRoot("template_set_code")),
	}
}

func (d *pushTemplateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.catalog = sharedCatalog(req.ProviderData, &resp.Diagnostics)
}

func (d *pushTemplateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !catalogConfigured(d.catalog, &resp.Diagnostics) {
		return
	}
	var data pushTemplateValues
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var found *client.PushTemplate
	if !data.TemplateSetCode.IsNull() {
		setCode := data.TemplateSetCode.ValueString()
		t, err := d.catalog.GetPushTemplate(ctx, setCode)
		if err != nil {
			catalogLookupError(&resp.Diagnostics, path.Root("template_set_code"), "push template", "template_set_code", setCode,
				"List the app's templates with the appsintoss_push_templates data source.", err)
			return
		}
		found = t
	} else {
		code := data.Code.ValueString()
		all, err := d.catalog.ListPushTemplates(ctx)
		if err != nil {
			catalogListError(&resp.Diagnostics, "push templates", err)
			return
		}
		for i := range all {
			if all[i].Code == code {
				found = &all[i]
				break
			}
		}
		if found == nil {
			resp.Diagnostics.AddAttributeError(path.Root("code"), "Push template not found",
				fmt.Sprintf("The mini-app has no push template with code %q (%d templates listed). Check the code, and "+
					"that the provider's client certificate belongs to the mini-app that owns it.", code, len(all)))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, pushTemplateValuesOf(*found))...)
}

// catalogLookupError reports a failed read of one catalog entity at the key attribute.
func catalogLookupError(diags *diag.Diagnostics, attr path.Path, kind, key, id, hint string, err error) {
	var idErr *client.InvalidIDError
	switch {
	case errors.As(err, &idErr):
		diags.AddAttributeError(attr, fmt.Sprintf("Invalid %s", key), err.Error())
	case client.IsNotFound(err):
		diags.AddAttributeError(attr, fmt.Sprintf("%s not found", capitalize(kind)),
			fmt.Sprintf("The mini-app has no %s with %s %q. Check the value, and that the provider's client "+
				"certificate belongs to the mini-app that owns it. %s\n\n%s", kind, key, id, hint, apiAnswerDetail(err)))
	default:
		diags.AddAttributeError(attr, fmt.Sprintf("Reading the %s failed", kind),
			fmt.Sprintf("Reading %s %q from the catalog did not succeed. Retryable failures were already retried "+
				"(max_retries); check endpoint and the error below.\n\n%s", key, id, apiAnswerDetail(err)))
	}
}

// catalogListError reports a failed catalog listing.
func catalogListError(diags *diag.Diagnostics, what string, err error) {
	diags.AddError(fmt.Sprintf("Listing the %s failed", what),
		fmt.Sprintf("Reading the catalog's %s did not succeed. Retryable failures were already retried "+
			"(max_retries); check endpoint and the error below.\n\n%s", what, apiAnswerDetail(err)))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
