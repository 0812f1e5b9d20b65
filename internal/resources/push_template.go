package resources

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// appsintoss_push_template: a smart-message template (기능성 캠페인, reference §5.1). The partner
// picks a code; Apps in Toss names the template <appName>-<code> (its templateSetCode), which is
// what services pass to send-message. Every create or change goes through copy review.
//
// Lifecycle: create = POST (enters review); update = PUT of the writable fields (back into
// review); delete = DELETE (gone); import by templateSetCode. The code cannot change: a new code
// is a new template.

var (
	_ resource.ResourceWithConfigure   = (*pushTemplateResource)(nil)
	_ resource.ResourceWithImportState = (*pushTemplateResource)(nil)
)

// NewPushTemplateResource is the appsintoss_push_template resource.
func NewPushTemplateResource() resource.Resource { return &pushTemplateResource{} }

type pushTemplateResource struct {
	catalog client.Catalog
	appName string // the mini-app's name, which prefixes every templateSetCode
}

type pushTemplateResourceModel struct {
	ID                types.String   `tfsdk:"id"`
	TemplateSetCode   types.String   `tfsdk:"template_set_code"`
	Code              types.String   `tfsdk:"code"`
	Name              types.String   `tfsdk:"name"`
	Title             types.String   `tfsdk:"title"`
	Body              types.String   `tfsdk:"body"`
	LandingURL        types.String   `tfsdk:"landing_url"`
	AgreementRequired types.Bool     `tfsdk:"agreement_required"`
	Variables         types.List     `tfsdk:"variables"`
	WaitForReview     types.Bool     `tfsdk:"wait_for_review"`
	ReviewStatus      types.String   `tfsdk:"review_status"`
	ReviewComment     types.String   `tfsdk:"review_comment"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// pushTemplateCodePattern is the console's rule for the partner-chosen part of the code.
var pushTemplateCodePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,49}$`)

// pushTemplateFields maps the API's field names to attributes, for INVALID_PARAMETER errors.
var pushTemplateFields = apiFields{
	"code": path.Root("code"), "name": path.Root("name"), "title": path.Root("title"), "body": path.Root("body"),
	"landingUrl": path.Root("landing_url"), "agreementRequired": path.Root("agreement_required"),
}

func (r *pushTemplateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_push_template"
}

func (r *pushTemplateResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	text := func(desc string, maxChars int) schema.StringAttribute {
		return schema.StringAttribute{
			Required:            true,
			MarkdownDescription: desc,
			Validators: []validator.String{
				stringvalidator.UTF8LengthBetween(1, maxChars),
				stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be blank"),
			},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A smart-message template (기능성 캠페인) of the mini-app. Services send messages with its " +
			"`template_set_code`. Creating or changing a template submits it for copy review (문구 검수); messages can " +
			"only be sent once it is `APPROVED`. Destroying it deletes the template; through the console gateway, " +
			"which cannot delete one, it is removed from state with a warning and stays in the console.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The template's `template_set_code`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"template_set_code": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The code services send messages with: `<appName>-<code>`, where the app name is " +
					"the common name of the provider's client certificate (e.g. `demo-app-WELCOME`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"code": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The template's own code: an upper-case letter, then 1–49 upper-case letters, digits " +
					"or `_` (`^[A-Z][A-Z0-9_]{1,49}$`). Apps in Toss prefixes it with the app name. Changing it " +
					"replaces the template.",
				Validators: []validator.String{stringvalidator.RegexMatches(pushTemplateCodePattern,
					"must be an upper-case letter followed by 1–49 upper-case letters, digits or underscores")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": text("Name of the template in the console, 1–100 characters.", 100),
			"title": text("Message title, 1–100 characters. May contain `{{variable}}` placeholders, filled from "+
				"the `context` of send-message.", 100),
			"body": text("Message text, 1–2,000 characters. May contain `{{variable}}` placeholders, filled from the "+
				"`context` of send-message.", 2000),
			"landing_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Screen of the mini-app the message opens: an `intoss://` URL (e.g. " +
					"`intoss://demo-app/orders`), at most 2,048 characters. Omit for none.",
				Validators: landingURLValidators(),
			},
			"agreement_required": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether users must have agreed to a notification agreement (알림 동의문) to receive " +
					"it — restock, event-start and similar alerts. Defaults to `false` (service messages such as " +
					"payment or delivery notices).",
			},
			"variables": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Names of the `{{variable}}` placeholders in `title` and `body`, sorted and " +
					"without duplicates: the keys services must send in `context`.",
				PlanModifiers: []planmodifier.List{templateVariablesFromPlan{}},
			},
			"wait_for_review": reviewWaitSchema("template"),
			"review_status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Copy review: `IN_REVIEW`, `APPROVED` or `REJECTED`.",
			},
			"review_comment": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The reviewer's comment (typically on `REJECTED`); null when there is none.",
			},
		},
		Blocks: map[string]schema.Block{"timeouts": catalogTimeoutsBlock(ctx, "deletes the template")},
	}
}

func (r *pushTemplateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerData(req.ProviderData, &resp.Diagnostics); pd != nil {
		r.catalog, r.appName = pd.Catalog, pd.AppName
	}
}

func (r *pushTemplateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan pushTemplateResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	limit, diags := plan.Timeouts.Create(ctx, defaultReviewTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	code := plan.Code.ValueString()
	tpl, err := r.catalog.CreatePushTemplate(ctx, pushTemplateInput(plan, code))
	if err != nil {
		r.addCreateError(ctx, &resp.Diagnostics, code, err)
		return
	}
	// The template exists from here on: nothing below may fail the create (catalog_outcome.go).
	r.settle(ctx, &resp.Diagnostics, &resp.State, plan, tpl, "create", limit)
}

// addCreateError explains a failed create; an existing code (409 CONFLICT) and an unanswered
// create both lead to `terraform import`.
func (r *pushTemplateResource) addCreateError(ctx context.Context, diags *diag.Diagnostics, code string, err error) {
	var unknown *client.OutcomeUnknownError
	switch {
	case client.HasCode(err, client.CodeConflict):
		setCode := r.existingTemplateSetCode(ctx, code)
		diags.AddAttributeError(path.Root("code"), "Push template code already exists",
			fmt.Sprintf("The mini-app already has a push template with code %q (template_set_code %q). "+
				"To manage that template with Terraform, import it:\n\n"+
				"    terraform import appsintoss_push_template.<name> %s\n\n"+
				"or choose another code.\n\n%s", code, setCode, setCode, clientErrorDetail(err)))
	case errors.As(err, &unknown):
		candidates, listErr := r.orphanCandidates(ctx, code)
		addCreateOutcomeUnknown(diags, pushTemplateOrphans, unknown, candidates, listErr)
	default:
		addClientError(diags, "Could not create the push template", err, pushTemplateFields)
	}
}

// pushTemplateOrphans names templates in the message of a create without an answer.
var pushTemplateOrphans = orphanKind{resourceType: "appsintoss_push_template", noun: "push template",
	plural: "push templates", listSource: "appsintoss_push_templates", idName: "templateSetCode", matching: "with this code"}

// orphanCandidates finds the template with code (codes are unique): what a create without an
// answer may have registered (catalog_orphans.go).
func (r *pushTemplateResource) orphanCandidates(ctx context.Context, code string) ([]orphanCandidate, error) {
	all, err := r.catalog.ListPushTemplates(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		if t.Code == code {
			return []orphanCandidate{{id: t.TemplateSetCode,
				about: fmt.Sprintf("%q (review %s)", t.Name, t.ReviewStatus)}}, nil
		}
	}
	return nil, nil
}

// existingTemplateSetCode finds the templateSetCode of the template with code, for messages; when
// the list cannot be read it falls back to the console's rule, <appName>-<code>, with the app
// name from the client certificate.
func (r *pushTemplateResource) existingTemplateSetCode(ctx context.Context, code string) string {
	if all, err := r.catalog.ListPushTemplates(ctx); err == nil {
		for _, t := range all {
			if t.Code == code {
				return t.TemplateSetCode
			}
		}
	}
	return r.appName + "-" + code
}

func (r *pushTemplateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state pushTemplateResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tpl, err := r.catalog.GetPushTemplate(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Could not read push template %q", state.ID.ValueString()), err, nil)
		return
	}
	resp.Diagnostics.Append(pushTemplateState(&state, tpl)...)
	warnIfRejected(&resp.Diagnostics, fmt.Sprintf("push template %q", tpl.TemplateSetCode), tpl.ReviewStatus, tpl.ReviewComment)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *pushTemplateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior pushTemplateResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	limit, diags := plan.Timeouts.Update(ctx, defaultReviewTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	id := prior.ID.ValueString()
	if !pushTemplateChanged(plan, prior) {
		// Only wait_for_review or timeouts changed: they live in Terraform alone.
		pushTemplateComputedFrom(&plan, prior)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	tpl, err := r.catalog.UpdatePushTemplate(ctx, id, pushTemplateInput(plan, ""))
	if err != nil {
		// Nothing changed in Apps in Toss, and the framework keeps the prior state.
		addClientError(&resp.Diagnostics, fmt.Sprintf("Could not update push template %q", id), err, pushTemplateFields)
		return
	}
	r.settle(ctx, &resp.Diagnostics, &resp.State, plan, tpl, "update", limit)
}

// settle finishes a create or update once the template is written: it waits for the review when
// asked and records the plan with the computed values the API last showed. What goes wrong here
// is a warning (catalog_outcome.go).
func (r *pushTemplateResource) settle(ctx context.Context, diags *diag.Diagnostics, state *tfsdk.State, plan pushTemplateResourceModel, tpl *client.PushTemplate, operation string, limit time.Duration) {
	waited := plan.WaitForReview.ValueBool() && tpl.ReviewStatus == client.ReviewInReview
	var waitErr error
	if waited {
		id := tpl.TemplateSetCode
		tpl, waitErr = waitForReview(ctx, tpl,
			func(ctx context.Context) (*client.PushTemplate, error) { return r.catalog.GetPushTemplate(ctx, id) },
			func(t *client.PushTemplate) string { return t.ReviewStatus })
	}
	diags.Append(pushTemplateComputed(&plan, tpl)...)
	diags.Append(state.Set(ctx, &plan)...)
	if waited {
		warnReviewOutcome(diags, operation, fmt.Sprintf("push template %q", tpl.TemplateSetCode),
			tpl.ReviewStatus, tpl.ReviewComment, waitErr, limit)
	}
}

func (r *pushTemplateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pushTemplateResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	limit, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	err := r.catalog.DeletePushTemplate(ctx, state.ID.ValueString())
	var notDeletable *client.NotDeletableError
	switch {
	case errors.As(err, &notDeletable):
		// The console has no tool that deletes a template. Terraform forgets it (Delete returns
		// without error), and says plainly that it lives on in the console.
		resp.Diagnostics.AddWarning(fmt.Sprintf("Push template %q stays in the console", state.ID.ValueString()),
			fmt.Sprintf("%v.\n\nTerraform no longer manages the template, but it still exists in the Apps in Toss "+
				"console, where it can still be sent. Remove it there if it should go; to manage it again, import it:\n\n"+
				"    terraform import appsintoss_push_template.<name> %s", notDeletable, state.ID.ValueString()))
	case err != nil && !client.IsNotFound(err):
		addClientError(&resp.Diagnostics, fmt.Sprintf("Could not delete push template %q", state.ID.ValueString()), err, nil)
	}
}

// ImportState takes a templateSetCode, e.g. `terraform import appsintoss_push_template.welcome demo-app-WELCOME`.
func (r *pushTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("template_set_code"), req.ID)...)
}

// pushTemplateInput is the request body for the configuration m (code only on create).
func pushTemplateInput(m pushTemplateResourceModel, code string) client.PushTemplateInput {
	return client.PushTemplateInput{
		Code:              code,
		Name:              m.Name.ValueString(),
		Title:             m.Title.ValueString(),
		Body:              m.Body.ValueString(),
		LandingURL:        m.LandingURL.ValueString(),
		AgreementRequired: m.AgreementRequired.ValueBool(),
	}
}

// pushTemplateChanged reports whether any field the API stores differs between plan and state.
func pushTemplateChanged(plan, prior pushTemplateResourceModel) bool {
	return !plan.Name.Equal(prior.Name) || !plan.Title.Equal(prior.Title) || !plan.Body.Equal(prior.Body) ||
		!plan.LandingURL.Equal(prior.LandingURL) || !plan.AgreementRequired.Equal(prior.AgreementRequired)
}

// pushTemplateState copies what the API returned into m, for refresh and import;
// wait_for_review and timeouts are the configuration's and stay (an import starts them at their
// defaults).
func pushTemplateState(m *pushTemplateResourceModel, t *client.PushTemplate) diag.Diagnostics {
	m.Code = types.StringValue(t.Code)
	m.Name = types.StringValue(t.Name)
	m.Title = types.StringValue(t.Title)
	m.Body = types.StringValue(t.Body)
	m.LandingURL = stringOrNull(t.LandingURL)
	m.AgreementRequired = types.BoolValue(t.AgreementRequired)
	m.WaitForReview = types.BoolValue(boolOr(m.WaitForReview, false))
	return pushTemplateComputed(m, t)
}

// pushTemplateComputed copies the attributes Apps in Toss computes, and `variables` from the
// title and body in m; create and update keep the planned value of every configured attribute.
func pushTemplateComputed(m *pushTemplateResourceModel, t *client.PushTemplate) diag.Diagnostics {
	m.ID = types.StringValue(t.TemplateSetCode)
	m.TemplateSetCode = types.StringValue(t.TemplateSetCode)
	m.ReviewStatus = types.StringValue(t.ReviewStatus)
	m.ReviewComment = stringOrNull(t.ReviewComment)
	vars, diags := templateVariablesValue(m.Title.ValueString(), m.Body.ValueString())
	m.Variables = vars
	return diags
}

// pushTemplateComputedFrom is pushTemplateComputed from the prior state, for an update that
// calls nothing.
func pushTemplateComputedFrom(m *pushTemplateResourceModel, prior pushTemplateResourceModel) {
	m.ID, m.TemplateSetCode, m.Variables = prior.ID, prior.TemplateSetCode, prior.Variables
	m.ReviewStatus, m.ReviewComment = prior.ReviewStatus, prior.ReviewComment
}

// templatePlaceholder matches {{name}} (spaces inside the braces allowed); names may be Korean.
var templatePlaceholder = regexp.MustCompile(`\{\{\s*([^{}\s]+)\s*\}\}`)

// templateVariables are the placeholder names in the texts, sorted, without duplicates.
func templateVariables(texts ...string) []string {
	names := []string{}
	for _, text := range texts {
		for _, m := range templatePlaceholder.FindAllStringSubmatch(text, -1) {
			names = append(names, m[1])
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func templateVariablesValue(title, body string) (types.List, diag.Diagnostics) {
	names := templateVariables(title, body)
	elems := make([]attr.Value, 0, len(names))
	for _, n := range names {
		elems = append(elems, types.StringValue(n))
	}
	return types.ListValue(types.StringType, elems)
}

// templateVariablesFromPlan computes `variables` at plan time from the planned title and body,
// so the plan shows which context keys a change introduces.
type templateVariablesFromPlan struct{}

func (templateVariablesFromPlan) Description(context.Context) string {
	return "Computed from the {{variable}} placeholders of title and body."
}

func (m templateVariablesFromPlan) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (templateVariablesFromPlan) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var title, body types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("title"), &title)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("body"), &body)...)
	if resp.Diagnostics.HasError() || title.IsUnknown() || body.IsUnknown() {
		return
	}
	vars, diags := templateVariablesValue(title.ValueString(), body.ValueString())
	resp.Diagnostics.Append(diags...)
	resp.PlanValue = vars
}
