package resources

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// appsintoss_promotion: a Toss points campaign (프로모션, reference §6.1). Apps in Toss assigns
// the promotionCode that services grant points with (TEST_<code> while it is in review).
//
// Lifecycle: create = POST (status READY, review IN_REVIEW); update = PUT of the writable fields
// (back into review; the run status is kept); `enabled` is the desired run state, reached with the
// status call once the promotion is APPROVED; delete = DELETE, which ENDS the promotion (the
// console cannot delete promotions; ENDED is terminal). An ENDED promotion counts as gone: Read
// removes it from state so the next plan creates a new one. Import by promotionCode.

var (
	_ resource.ResourceWithConfigure      = (*promotionResource)(nil)
	_ resource.ResourceWithImportState    = (*promotionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*promotionResource)(nil)
)

// NewPromotionResource is the appsintoss_promotion resource.
func NewPromotionResource() resource.Resource { return &promotionResource{} }

type promotionResource struct {
	catalog client.Catalog
}

type promotionResourceModel struct {
	ID                     types.String   `tfsdk:"id"`
	PromotionCode          types.String   `tfsdk:"promotion_code"`
	TestPromotionCode      types.String   `tfsdk:"test_promotion_code"`
	Name                   types.String   `tfsdk:"name"`
	MissionName            types.String   `tfsdk:"mission_name"`
	BenefitTabExposed      types.Bool     `tfsdk:"benefit_tab_exposed"`
	LandingURL             types.String   `tfsdk:"landing_url"`
	TotalBudget            wholeNumber    `tfsdk:"total_budget"`
	MaxAmountPerUserPerDay wholeNumber    `tfsdk:"max_amount_per_user_per_day"`
	GrantType              types.String   `tfsdk:"grant_type"`
	Amount                 wholeNumber    `tfsdk:"amount"`
	Enabled                types.Bool     `tfsdk:"enabled"`
	WaitForReview          types.Bool     `tfsdk:"wait_for_review"`
	Status                 types.String   `tfsdk:"status"`
	ReviewStatus           types.String   `tfsdk:"review_status"`
	ReviewComment          types.String   `tfsdk:"review_comment"`
	BudgetUsed             types.Int64    `tfsdk:"budget_used"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

// maxPointsPerUserPerDay is the console's cap: at most 5,000 points per person per day.
const maxPointsPerUserPerDay = 5000

var promotionFields = apiFields{
	"name": path.Root("name"), "missionName": path.Root("mission_name"),
	"benefitTabExposed": path.Root("benefit_tab_exposed"), "landingUrl": path.Root("landing_url"),
	"totalBudget": path.Root("total_budget"), "maxAmountPerUserPerDay": path.Root("max_amount_per_user_per_day"),
	"grantType": path.Root("grant_type"), "amount": path.Root("amount"),
}

func (r *promotionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_promotion"
}

func (r *promotionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Toss points promotion (프로모션) of the mini-app. Services grant points with its " +
			"`promotion_code` (or `test_promotion_code` while it is in review). Creating or changing it submits it " +
			"for review; only an approved promotion can run (`enabled`). **Destroying it ends the promotion** " +
			"(`status = \"ENDED\"`, terminal): the console cannot delete promotions, and an ended one stays listed there.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The `promotion_code`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"promotion_code": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Code assigned by Apps in Toss (a 26-character ULID) that execute-promotion grants with.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"test_promotion_code": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`TEST_<promotion_code>`: grants test points (no budget, no real points), also while " +
					"the promotion is in review. Make a test grant before starting the promotion.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the promotion, 1–100 characters.",
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 100),
					stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be blank"),
				},
			},
			"mission_name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "What the user does to earn the points, shown to users; 3–100 characters and must " +
					"end in \"하기\" (e.g. `출석체크하기`).",
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(3, 100),
					stringvalidator.RegexMatches(regexp.MustCompile(`하기$`), `must end in "하기" (e.g. "출석체크하기")`),
				},
			},
			"benefit_tab_exposed": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether the promotion is shown in the Toss benefit tab (혜택 탭). Defaults to " +
					"`false`. It cannot change after creation: changing it replaces the promotion (the old one ENDS).",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"landing_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Screen of the mini-app the promotion opens: an `intoss://` URL, at most 2,048 " +
					"characters. Omit for none.",
				Validators: landingURLValidators(),
			},
			"total_budget": schema.Int64Attribute{
				Required:   true,
				CustomType: wholeNumberType{},
				MarkdownDescription: "Total points the promotion may grant (> 0), paid from the workspace's 비즈 월렛. " +
					"When it is used up the promotion ends by itself (and this resource is then planned anew). It " +
					"cannot be lowered below `budget_used`.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_amount_per_user_per_day": schema.Int64Attribute{
				Required:            true,
				CustomType:          wholeNumberType{},
				MarkdownDescription: "Most points one user can receive per day, 1–5,000.",
				Validators:          []validator.Int64{int64validator.Between(1, maxPointsPerUserPerDay)},
			},
			"grant_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "`FIXED` (every grant is `amount`) or `RANDOM_MAX` (a random amount up to `amount`; " +
					"game mini-apps may only use `FIXED`).",
				Validators: []validator.String{stringvalidator.OneOf(client.GrantFixed, client.GrantRandomMax)},
			},
			"amount": schema.Int64Attribute{
				Required:   true,
				CustomType: wholeNumberType{},
				MarkdownDescription: "Points per grant (the maximum for `RANDOM_MAX`): at least 1, at most " +
					"`max_amount_per_user_per_day` and at most `total_budget`.",
				Validators: []validator.Int64{int64validator.Between(1, maxPointsPerUserPerDay)},
			},
			"enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether the promotion should be running. Defaults to `false`. Only an approved " +
					"promotion can run: while it is in review, state keeps the configured value; once approved, refresh " +
					"reports the real state (`status == \"RUNNING\"`) and the next apply starts or stops it. With " +
					"`wait_for_review = true`, create and update wait for the approval and start it directly. A start " +
					"or stop that Apps in Toss refuses is a warning: state keeps the configured value and the next " +
					"plan tries again.",
			},
			"wait_for_review": reviewWaitSchema("promotion"),
			"status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Run status: `READY` (never started), `RUNNING` or `STOPPED`. (`ENDED` promotions " +
					"are gone for Terraform.)",
			},
			"review_status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Review: `IN_REVIEW`, `APPROVED` or `REJECTED`.",
			},
			"review_comment": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The reviewer's comment (typically on `REJECTED`); null when there is none.",
			},
			"budget_used": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Points granted so far (test grants do not count).",
			},
		},
		Blocks: map[string]schema.Block{"timeouts": catalogTimeoutsBlock(ctx, "ends the promotion")},
	}
}

// ValidateConfig checks the rules that span attributes, so that every error of a configuration
// is reported in one plan.
func (r *promotionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m promotionResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !known(m.Amount) {
		return
	}
	amount := m.Amount.ValueInt64()
	if known(m.MaxAmountPerUserPerDay) && amount > m.MaxAmountPerUserPerDay.ValueInt64() {
		resp.Diagnostics.AddAttributeError(path.Root("amount"), "Grant amount above the daily maximum",
			fmt.Sprintf("amount (%d) must not exceed max_amount_per_user_per_day (%d): a single grant cannot give a "+
				"user more than they may receive in a day.", amount, m.MaxAmountPerUserPerDay.ValueInt64()))
	}
	if known(m.TotalBudget) && amount > m.TotalBudget.ValueInt64() {
		resp.Diagnostics.AddAttributeError(path.Root("amount"), "Grant amount above the total budget",
			fmt.Sprintf("amount (%d) must not exceed total_budget (%d).", amount, m.TotalBudget.ValueInt64()))
	}
}

// known reports whether a configured value is present and known at plan time.
func known(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}

func (r *promotionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.catalog = sharedCatalog(req.ProviderData, &resp.Diagnostics)
}

func (r *promotionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan promotionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	limit, diags := plan.Timeouts.Create(ctx, defaultReviewTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	in := promotionInput(plan)
	p, err := r.catalog.CreatePromotion(ctx, in)
	var unknown *client.OutcomeUnknownError
	switch {
	case errors.As(err, &unknown):
		candidates, listErr := r.orphanCandidates(ctx, in)
		addCreateOutcomeUnknown(&resp.Diagnostics, promotionOrphans, unknown, candidates, listErr)
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "Could not create the promotion", err, promotionFields)
		return
	}
	// The promotion exists from here on: nothing below may fail the create (catalog_outcome.go).
	r.settle(ctx, &resp.Diagnostics, &resp.State, plan, p, "create", limit)
}

// promotionOrphans names promotions in the message of a create without an answer.
var promotionOrphans = orphanKind{resourceType: "appsintoss_promotion", noun: "promotion", plural: "promotions",
	listSource: "appsintoss_promotions", idName: "promotionCode", matching: "with exactly this configuration"}

// orphanCandidates lists the promotions, not ENDED, whose content is exactly in: what a create
// without an answer may have registered (catalog_orphans.go).
func (r *promotionResource) orphanCandidates(ctx context.Context, in client.PromotionInput) ([]orphanCandidate, error) {
	all, err := r.catalog.ListPromotions(ctx)
	if err != nil {
		return nil, err
	}
	var found []orphanCandidate
	for _, p := range all {
		if p.Status != client.PromotionEnded && promotionInputOf(p) == in {
			found = append(found, orphanCandidate{id: p.PromotionCode,
				about: fmt.Sprintf("%q (status %s, review %s)", p.Name, p.Status, p.ReviewStatus)})
		}
	}
	return found, nil
}

func (r *promotionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state promotionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := r.catalog.GetPromotion(ctx, state.ID.ValueString())
	if client.IsNotFound(err) || (err == nil && p.Status == client.PromotionEnded) {
		// An ENDED promotion can never run again: for Terraform it is gone, and the next plan
		// creates a new one.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Could not read promotion %q", state.ID.ValueString()), err, nil)
		return
	}
	promotionState(&state, p)
	warnIfRejected(&resp.Diagnostics, fmt.Sprintf("promotion %q", p.PromotionCode), p.ReviewStatus, p.ReviewComment)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *promotionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior promotionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	limit, diags := plan.Timeouts.Update(ctx, defaultReviewTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	code := prior.ID.ValueString()
	var (
		p   *client.Promotion
		err error
	)
	switch {
	case promotionChanged(plan, prior):
		p, err = r.catalog.UpdatePromotion(ctx, code, promotionInput(plan))
	case !plan.Enabled.Equal(prior.Enabled):
		p, err = r.catalog.GetPromotion(ctx, code) // the run state to move from
	default:
		// Only wait_for_review or timeouts changed: they live in Terraform alone.
		promotionComputedFrom(&plan, prior)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if err != nil {
		// Nothing changed in Apps in Toss, and the framework keeps the prior state.
		addClientError(&resp.Diagnostics, fmt.Sprintf("Could not update promotion %q", code), err, promotionFields)
		return
	}
	r.settle(ctx, &resp.Diagnostics, &resp.State, plan, p, "update", limit)
}

// settle finishes a create or update once the promotion is written: it waits for the review
// when asked, moves the promotion to the configured run state when it may take it, and records
// the plan with the computed values the API last showed. What goes wrong here is a warning
// (catalog_outcome.go).
func (r *promotionResource) settle(ctx context.Context, diags *diag.Diagnostics, state *tfsdk.State, plan promotionResourceModel, p *client.Promotion, operation string, limit time.Duration) {
	code := p.PromotionCode
	what := fmt.Sprintf("promotion %q", code)
	waited := plan.WaitForReview.ValueBool() && p.ReviewStatus == client.ReviewInReview
	var waitErr error
	if waited {
		p, waitErr = waitForReview(ctx, p,
			func(ctx context.Context) (*client.Promotion, error) { return r.catalog.GetPromotion(ctx, code) },
			func(p *client.Promotion) string { return p.ReviewStatus })
	}
	if waitErr == nil {
		enabled := plan.Enabled.ValueBool()
		moved, err := r.converge(ctx, p, enabled)
		if err != nil {
			warnNotSettled(diags, fmt.Sprintf("Could not %s %s", startOrStop(enabled), what), err,
				fmt.Sprintf("The promotion is registered (status %q) and state records enabled = %t as configured; "+
					"the next plan shows its real run state and apply tries again.", p.Status, enabled))
		} else {
			p = moved
		}
	}
	promotionComputed(&plan, p)
	diags.Append(state.Set(ctx, &plan)...)
	if waited {
		warnReviewOutcome(diags, operation, what, p.ReviewStatus, p.ReviewComment, waitErr, limit)
	}
}

// converge moves the promotion to the desired run state when that is possible now: start only
// an APPROVED promotion; stop a running one whatever its review. Anything else waits for a
// later apply (the state keeps the configured value until the review is decided).
func (r *promotionResource) converge(ctx context.Context, p *client.Promotion, enabled bool) (*client.Promotion, error) {
	switch {
	case p.Status == client.PromotionEnded:
		return p, nil
	case enabled && p.Status != client.PromotionRunning && p.ReviewStatus == client.ReviewApproved:
		return r.catalog.SetPromotionStatus(ctx, p.PromotionCode, client.PromotionRunning)
	case !enabled && p.Status == client.PromotionRunning:
		return r.catalog.SetPromotionStatus(ctx, p.PromotionCode, client.PromotionStopped)
	}
	return p, nil
}

func startOrStop(enabled bool) string {
	if enabled {
		return "start"
	}
	return "stop"
}

func (r *promotionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state promotionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	limit, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	_, err := r.catalog.EndPromotion(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Could not end promotion %q", state.ID.ValueString()), err, nil)
	}
}

// ImportState takes a promotionCode, e.g. `terraform import appsintoss_promotion.attendance 01JPPJ6SB66BQXXDAKRQZ6SZD7`.
func (r *promotionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

func promotionInput(m promotionResourceModel) client.PromotionInput {
	return client.PromotionInput{
		Name:                   m.Name.ValueString(),
		MissionName:            m.MissionName.ValueString(),
		BenefitTabExposed:      m.BenefitTabExposed.ValueBool(),
		LandingURL:             m.LandingURL.ValueString(),
		TotalBudget:            m.TotalBudget.ValueInt64(),
		MaxAmountPerUserPerDay: m.MaxAmountPerUserPerDay.ValueInt64(),
		GrantType:              m.GrantType.ValueString(),
		Amount:                 m.Amount.ValueInt64(),
	}
}

// promotionInputOf is the writable content of a promotion, as promotionInput sends it.
func promotionInputOf(p client.Promotion) client.PromotionInput {
	return client.PromotionInput{
		Name:                   p.Name,
		MissionName:            p.MissionName,
		BenefitTabExposed:      p.BenefitTabExposed,
		LandingURL:             p.LandingURL,
		TotalBudget:            p.TotalBudget,
		MaxAmountPerUserPerDay: p.MaxAmountPerUserPerDay,
		GrantType:              p.GrantType,
		Amount:                 p.Amount,
	}
}

// promotionChanged reports whether a field the API stores differs between plan and state.
func promotionChanged(plan, prior promotionResourceModel) bool {
	return !plan.Name.Equal(prior.Name) || !plan.MissionName.Equal(prior.MissionName) ||
		!plan.LandingURL.Equal(prior.LandingURL) || !plan.TotalBudget.Equal(prior.TotalBudget) ||
		!plan.MaxAmountPerUserPerDay.Equal(prior.MaxAmountPerUserPerDay) || !plan.GrantType.Equal(prior.GrantType) ||
		!plan.Amount.Equal(prior.Amount)
}

// promotionState copies what the API returned into m, for refresh and import. `enabled` is the
// real run state once the promotion is approved; before that it keeps the configured value (or,
// after an import, what the status says).
func promotionState(m *promotionResourceModel, p *client.Promotion) {
	m.Name = types.StringValue(p.Name)
	m.MissionName = types.StringValue(p.MissionName)
	m.BenefitTabExposed = types.BoolValue(p.BenefitTabExposed)
	m.LandingURL = stringOrNull(p.LandingURL)
	m.TotalBudget = wholeNumberValue(p.TotalBudget)
	m.MaxAmountPerUserPerDay = wholeNumberValue(p.MaxAmountPerUserPerDay)
	m.GrantType = types.StringValue(p.GrantType)
	m.Amount = wholeNumberValue(p.Amount)
	running := p.Status == client.PromotionRunning
	if p.ReviewStatus == client.ReviewApproved {
		m.Enabled = types.BoolValue(running)
	} else {
		m.Enabled = types.BoolValue(boolOr(m.Enabled, running))
	}
	m.WaitForReview = types.BoolValue(boolOr(m.WaitForReview, false))
	promotionComputed(m, p)
}

// promotionComputed copies the attributes Apps in Toss computes; create and update keep the
// planned value of every configured one.
func promotionComputed(m *promotionResourceModel, p *client.Promotion) {
	m.ID = types.StringValue(p.PromotionCode)
	m.PromotionCode = types.StringValue(p.PromotionCode)
	m.TestPromotionCode = types.StringValue(client.TestPromotionCode(p.PromotionCode))
	m.Status = types.StringValue(p.Status)
	m.ReviewStatus = types.StringValue(p.ReviewStatus)
	m.ReviewComment = stringOrNull(p.ReviewComment)
	m.BudgetUsed = types.Int64Value(p.BudgetUsed)
}

// promotionComputedFrom is promotionComputed from the prior state, for an update that calls
// nothing.
func promotionComputedFrom(m *promotionResourceModel, prior promotionResourceModel) {
	m.ID, m.PromotionCode, m.TestPromotionCode = prior.ID, prior.PromotionCode, prior.TestPromotionCode
	m.Status, m.ReviewStatus, m.ReviewComment = prior.Status, prior.ReviewStatus, prior.ReviewComment
	m.BudgetUsed = prior.BudgetUsed
}
