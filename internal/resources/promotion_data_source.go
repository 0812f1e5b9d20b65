package resources

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*promotionDataSource)(nil)

// NewPromotionDataSource looks up one promotion (Toss points campaign) of the catalog by code.
func NewPromotionDataSource() datasource.DataSource {
	return &promotionDataSource{}
}

type promotionDataSource struct {
	catalog client.Catalog
}

// promotionValues is a promotion as the lookups expose it: the model of appsintoss_promotion and
// one element of appsintoss_promotions.
type promotionValues struct {
	PromotionCode          types.String `tfsdk:"promotion_code"`
	TestPromotionCode      types.String `tfsdk:"test_promotion_code"`
	Name                   types.String `tfsdk:"name"`
	MissionName            types.String `tfsdk:"mission_name"`
	BenefitTabExposed      types.Bool   `tfsdk:"benefit_tab_exposed"`
	LandingURL             types.String `tfsdk:"landing_url"`
	TotalBudget            types.Int64  `tfsdk:"total_budget"`
	MaxAmountPerUserPerDay types.Int64  `tfsdk:"max_amount_per_user_per_day"`
	GrantType              types.String `tfsdk:"grant_type"`
	Amount                 types.Int64  `tfsdk:"amount"`
	Status                 types.String `tfsdk:"status"`
	ReviewStatus           types.String `tfsdk:"review_status"`
	ReviewComment          types.String `tfsdk:"review_comment"`
	BudgetUsed             types.Int64  `tfsdk:"budget_used"`
}

func promotionValuesOf(p client.Promotion) promotionValues {
	return promotionValues{
		PromotionCode: types.StringValue(p.PromotionCode), TestPromotionCode: types.StringValue(client.TestPromotionCode(p.PromotionCode)),
		Name: types.StringValue(p.Name), MissionName: types.StringValue(p.MissionName),
		BenefitTabExposed: types.BoolValue(p.BenefitTabExposed), LandingURL: stringOrNull(p.LandingURL),
		TotalBudget: types.Int64Value(p.TotalBudget), MaxAmountPerUserPerDay: types.Int64Value(p.MaxAmountPerUserPerDay),
		GrantType: types.StringValue(p.GrantType), Amount: types.Int64Value(p.Amount), Status: types.StringValue(p.Status),
		ReviewStatus: types.StringValue(p.ReviewStatus), ReviewComment: stringOrNull(p.ReviewComment),
		BudgetUsed: types.Int64Value(p.BudgetUsed),
	}
}

const promotionCodeDesc = "The code the server assigned on registration (26-character ULID, e.g. `01JPPJ6SB66BQXXDAKRQZ6SZD7`): what `execute-promotion` grants with."

func promotionComputedAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	num := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"promotion_code":              str(promotionCodeDesc),
		"test_promotion_code":         str("`TEST_<promotion_code>`: grants test points (no budget, no real points) while in review; at least one test call is needed before the promotion can start."),
		"name":                        str("Promotion name (at most 100 characters)."),
		"mission_name":                str("Mission wording shown to users; ends in \"하기\"."),
		"benefit_tab_exposed":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is shown in the benefit tab (fixed at creation)."},
		"landing_url":                 str("Landing URL (`intoss://…`); null when none."),
		"total_budget":                num("Total budget in points; at 100% consumption the promotion ends."),
		"max_amount_per_user_per_day": num("Most points one user can get per day (1–5,000)."),
		"grant_type":                  str("`FIXED` (every grant is `amount`) or `RANDOM_MAX` (random up to `amount`)."),
		"amount":                      num("Points per grant (the maximum for `RANDOM_MAX`)."),
		"status":                      str("`READY` (not started), `RUNNING`, `STOPPED` or `ENDED` (terminal)."),
		"review_status":               str(reviewStatusDesc),
		"review_comment":              str(reviewCommentDesc),
		"budget_used":                 num("Points granted so far (test grants do not count)."),
	}
}

var promotionCodePattern = regexp.MustCompile(`^[0-7][0-9A-HJKMNP-TV-Z]{25}$`)

func (d *promotionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_promotion"
}

func (d *promotionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := promotionComputedAttributes()
	attrs["promotion_code"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: promotionCodeDesc + " Give the code itself, not its `TEST_` form.",
		Validators: []validator.String{stringvalidator.RegexMatches(promotionCodePattern,
			"must be a 26-character promotion code (ULID, upper case) without the TEST_ prefix")},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one promotion (Toss points campaign) of the mini-app's catalog by " +
			"`promotion_code` — for wiring a promotion created in the console into other configuration. Ended " +
			"promotions are still found (`status` `ENDED`); a code the mini-app does not have is an error.",
		Attributes: attrs,
	}
}

func (d *promotionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.catalog = sharedCatalog(req.ProviderData, &resp.Diagnostics)
}

func (d *promotionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !catalogConfigured(d.catalog, &resp.Diagnostics) {
		return
	}
	var data promotionValues
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	code := data.PromotionCode.ValueString()
	p, err := d.catalog.GetPromotion(ctx, code)
	if err != nil {
		catalogLookupError(&resp.Diagnostics, path.Root("promotion_code"), "promotion", "promotion_code", code,
			"List the app's promotions with the appsintoss_promotions data source.", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, promotionValuesOf(*p))...)
}
