package resources

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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

// appsintoss_iap_product: an in-app purchase product (reference §4.2). Apps in Toss assigns the
// productId and, on first approval, the sku the SDK sells it under.
//
// Lifecycle: create = POST (submitted for review, catalog_status NOT_REGISTERED_YET); on first
// approval the product joins the catalogue ACTIVE or INACTIVE as `exposed` asked; update = PUT of
// the writable fields (reviewed again, catalogue state kept); `exposed` changes go through the
// status call; delete = DELETE, which DEACTIVATES the product (the console cannot delete
// products; it stays listed as INACTIVE and keeps counting toward the 30-product cap). An INACTIVE
// product is still present for Terraform. Import by productId.

var (
	_ resource.ResourceWithConfigure      = (*iapProductResource)(nil)
	_ resource.ResourceWithImportState    = (*iapProductResource)(nil)
	_ resource.ResourceWithValidateConfig = (*iapProductResource)(nil)
)

// NewIAPProductResource is the appsintoss_iap_product resource.
func NewIAPProductResource() resource.Resource { return &iapProductResource{} }

type iapProductResource struct {
	catalog client.Catalog
}

type iapProductResourceModel struct {
	ID               types.String   `tfsdk:"id"`
	ProductID        types.String   `tfsdk:"product_id"`
	SKU              types.String   `tfsdk:"sku"`
	Type             types.String   `tfsdk:"type"`
	Name             types.String   `tfsdk:"name"`
	Description      types.String   `tfsdk:"description"`
	Price            wholeNumber    `tfsdk:"price"`
	GrossPrice       types.Int64    `tfsdk:"gross_price"`
	IconURL          types.String   `tfsdk:"icon_url"`
	MinDeploymentID  types.String   `tfsdk:"min_deployment_id"`
	Exposed          types.Bool     `tfsdk:"exposed"`
	RenewalCycle     types.String   `tfsdk:"renewal_cycle"`
	DiscountPolicies types.List     `tfsdk:"discount_policies"`
	WaitForReview    types.Bool     `tfsdk:"wait_for_review"`
	CatalogStatus    types.String   `tfsdk:"catalog_status"`
	ReviewStatus     types.String   `tfsdk:"review_status"`
	ReviewComment    types.String   `tfsdk:"review_comment"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

type discountPolicyModel struct {
	Type            types.String `tfsdk:"type"`
	Period          types.String `tfsdk:"period"`
	DurationMonths  wholeNumber  `tfsdk:"duration_months"`
	DiscountedPrice wholeNumber  `tfsdk:"discounted_price"`
}

var discountPolicyAttrTypes = map[string]attr.Type{
	"type":             types.StringType,
	"period":           types.StringType,
	"duration_months":  wholeNumberType{},
	"discounted_price": wholeNumberType{},
}

// Console rules for products (reference §4.2).
const (
	minNetPrice       = 400
	maxNetPrice       = 1_400_000
	netPriceStep      = 10
	maxDiscountMonths = 12
)

var freeTrialPeriods = []string{"THREE_DAYS", "ONE_WEEK", "TWO_WEEKS", "ONE_MONTH"}

var iapProductFields = apiFields{
	"type": path.Root("type"), "name": path.Root("name"), "description": path.Root("description"),
	"price": path.Root("price"), "iconImgUrl": path.Root("icon_url"), "minDeploymentId": path.Root("min_deployment_id"),
	"postInspectionStatus": path.Root("exposed"), "renewalCycle": path.Root("renewal_cycle"),
	"discountPolicies": path.Root("discount_policies"),
}

func (r *iapProductResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_iap_product"
}

func (r *iapProductResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An in-app purchase product (인앱 결제 상품) of the mini-app. Creating or changing it " +
			"submits it for review; once approved it is sold under its `sku`. **Destroying it deactivates the " +
			"product** (`catalog_status = \"INACTIVE\"`): the console cannot delete products, a deactivated one stays " +
			"listed and still counts toward the cap of 30 products per app.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The `product_id`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"product_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Product id assigned by Apps in Toss.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"sku": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Store SKU the SDK sells the product under and get-order-status reports; assigned " +
					"on first approval (null until then).",
				PlanModifiers: []planmodifier.String{stringUseStateOnceSet("Keeps the sku once the first approval has assigned it.")},
			},
			"type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "`CONSUMABLE` (소모품: used up, bought again), `NON_CONSUMABLE` (비소모품: owned for " +
					"good) or `SUBSCRIPTION` (자동 갱신 구독). Changing it replaces the product (the old one is deactivated).",
				Validators:    []validator.String{stringvalidator.OneOf(client.IAPConsumable, client.IAPNonConsumable, client.IAPSubscription)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Product name shown to users, 1–30 characters; it must match what the user gets " +
					"(no \"무제한\" for a time-limited item).",
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 30),
					stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be blank"),
				},
			},
			"description": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Description for the reviewer, not shown to users (conditions, scope, use), " +
					"1–45 characters.",
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 45),
					stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be blank"),
				},
			},
			"price": schema.Int64Attribute{
				Required:   true,
				CustomType: wholeNumberType{},
				MarkdownDescription: "Net (supply) price in KRW, VAT excluded: 400–1,400,000 in steps of 10. The sale " +
					"price is `gross_price`.",
				Validators: []validator.Int64{int64validator.Between(minNetPrice, maxNetPrice), int64MultipleOf(netPriceStep)},
			},
			"gross_price": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "Sale price in KRW: `price` plus 10% VAT, as Apps in Toss computes it (from the " +
					"API's `grossPrice`; computed as price × 1.1 only if a server leaves it out).",
				PlanModifiers: []planmodifier.Int64{int64UseStateWhenUnchanged(path.Root("price"),
					"Keeps the known gross price while price is unchanged.")},
			},
			"icon_url": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "URL (`http://` or `https://`) of the product image, 1024×1024 pixels; at most 2,048 characters.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(regexp.MustCompile(`^https?://[^/\s]+`), "must be an http:// or https:// URL"),
					stringvalidator.UTF8LengthAtMost(2048),
				},
			},
			"min_deployment_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Id of the approved bundle deployment from which the product is sold. Omit to " +
					"sell it from every deployment.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"exposed": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether the product is shown to users once approved (노출 여부). Defaults to " +
					"`false`. Until the first approval, state keeps the configured value; from then on refresh reports " +
					"the real catalogue state (`catalog_status == \"ACTIVE\"`) and apply switches it. A switch that Apps " +
					"in Toss refuses is a warning: state keeps the configured value and the next plan tries again.",
			},
			"renewal_cycle": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Renewal cycle of a subscription: `WEEKLY`, `MONTHLY` or `YEARLY`. Required for " +
					"`SUBSCRIPTION`, not allowed for other types.",
				Validators: []validator.String{stringvalidator.OneOf("WEEKLY", "MONTHLY", "YEARLY")},
			},
			"discount_policies": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "Subscription offers (`SUBSCRIPTION` only), at most one per type, e.g. " +
					"`[{ type = \"FREE_TRIAL\", period = \"ONE_WEEK\" }]`. Omit, or set `[]`, for none: both mean " +
					"the same, and switching between them makes no API call.",
				Validators: []validator.List{listvalidator.SizeAtMost(3)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						Required: true,
						MarkdownDescription: "`FREE_TRIAL` (free for `period`), `NEW_SUBSCRIPTION` (discount for new " +
							"subscribers) or `RETURNING` (discount for returning subscribers).",
						Validators: []validator.String{stringvalidator.OneOf(client.DiscountFreeTrial,
							client.DiscountNewSubscription, client.DiscountReturning)},
					},
					"period": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Length of a `FREE_TRIAL` (required for it, not allowed otherwise): `THREE_DAYS`, `ONE_WEEK`, `TWO_WEEKS` or `ONE_MONTH`.",
						Validators:          []validator.String{stringvalidator.OneOf(freeTrialPeriods...)},
					},
					"duration_months": schema.Int64Attribute{
						Optional:            true,
						CustomType:          wholeNumberType{},
						MarkdownDescription: "Months the discount lasts, 1–12 (required for `NEW_SUBSCRIPTION` and `RETURNING`, not allowed for `FREE_TRIAL`).",
						Validators:          []validator.Int64{int64validator.Between(1, maxDiscountMonths)},
					},
					"discounted_price": schema.Int64Attribute{
						Optional:            true,
						CustomType:          wholeNumberType{},
						MarkdownDescription: "Discounted net price in KRW, at least 1 and below `price` (required for `NEW_SUBSCRIPTION` and `RETURNING`, not allowed for `FREE_TRIAL`).",
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
				}},
			},
			"wait_for_review": reviewWaitSchema("product"),
			"catalog_status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Catalogue state: `NOT_REGISTERED_YET` (never approved), `ACTIVE` (on sale) or " +
					"`INACTIVE` (hidden).",
			},
			"review_status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Review: `IN_REVIEW`, `APPROVED` or `REJECTED`.",
			},
			"review_comment": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The reviewer's comment (typically on `REJECTED`); null when there is none.",
			},
		},
		Blocks: map[string]schema.Block{"timeouts": catalogTimeoutsBlock(ctx, "deactivates the product")},
	}
}

// ValidateConfig checks the rules that span attributes — subscription-only fields and the shape
// of each discount policy — and reports every violation in one plan.
func (r *iapProductResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m iapProductResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if known(m.Type) {
		subscription := m.Type.ValueString() == client.IAPSubscription
		switch {
		case subscription && m.RenewalCycle.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("renewal_cycle"), "Missing renewal cycle",
				"A SUBSCRIPTION product needs renewal_cycle (WEEKLY, MONTHLY or YEARLY).")
		case !subscription && !m.RenewalCycle.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("renewal_cycle"), "Renewal cycle only for subscriptions",
				fmt.Sprintf("renewal_cycle applies only to type = \"SUBSCRIPTION\"; remove it for a %s product.", m.Type.ValueString()))
		}
		if !subscription && hasDiscountPolicies(m.DiscountPolicies) {
			resp.Diagnostics.AddAttributeError(path.Root("discount_policies"), "Discount policies only for subscriptions",
				fmt.Sprintf("discount_policies apply only to type = \"SUBSCRIPTION\"; remove them for a %s product.", m.Type.ValueString()))
		}
	}
	if !known(m.DiscountPolicies) {
		return
	}
	var policies []discountPolicyModel
	if diags := m.DiscountPolicies.ElementsAs(ctx, &policies, false); diags.HasError() {
		resp.Diagnostics.Append(diags...)
		return
	}
	seen := map[string]int{}
	for i, d := range policies {
		at := path.Root("discount_policies").AtListIndex(i)
		if !known(d.Type) {
			continue
		}
		kind := d.Type.ValueString()
		if first, dup := seen[kind]; dup {
			resp.Diagnostics.AddAttributeError(at.AtName("type"), "Duplicate discount policy",
				fmt.Sprintf("discount_policies[%d] and discount_policies[%d] are both %s: at most one policy per type.", first, i, kind))
		}
		seen[kind] = i
		if kind == client.DiscountFreeTrial {
			if d.Period.IsNull() {
				resp.Diagnostics.AddAttributeError(at.AtName("period"), "Missing free-trial period",
					"A FREE_TRIAL policy needs period (THREE_DAYS, ONE_WEEK, TWO_WEEKS or ONE_MONTH).")
			}
			for name, v := range map[string]attr.Value{"duration_months": d.DurationMonths, "discounted_price": d.DiscountedPrice} {
				if !v.IsNull() {
					resp.Diagnostics.AddAttributeError(at.AtName(name), "Not allowed for a free trial",
						fmt.Sprintf("%s applies only to NEW_SUBSCRIPTION and RETURNING policies; a FREE_TRIAL has a period.", name))
				}
			}
			continue
		}
		if !d.Period.IsNull() {
			resp.Diagnostics.AddAttributeError(at.AtName("period"), "Period only for free trials",
				fmt.Sprintf("period applies only to FREE_TRIAL; a %s policy has duration_months and discounted_price.", kind))
		}
		if d.DurationMonths.IsNull() {
			resp.Diagnostics.AddAttributeError(at.AtName("duration_months"), "Missing discount duration",
				fmt.Sprintf("A %s policy needs duration_months (1–12).", kind))
		}
		if d.DiscountedPrice.IsNull() {
			resp.Diagnostics.AddAttributeError(at.AtName("discounted_price"), "Missing discounted price",
				fmt.Sprintf("A %s policy needs discounted_price (net KRW, below price).", kind))
		} else if known(d.DiscountedPrice) && known(m.Price) && d.DiscountedPrice.ValueInt64() >= m.Price.ValueInt64() {
			resp.Diagnostics.AddAttributeError(at.AtName("discounted_price"), "Discounted price not below the price",
				fmt.Sprintf("discounted_price (%d) must be below price (%d).", d.DiscountedPrice.ValueInt64(), m.Price.ValueInt64()))
		}
	}
}

func (r *iapProductResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.catalog = sharedCatalog(req.ProviderData, &resp.Diagnostics)
}

func (r *iapProductResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan iapProductResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	limit, diags := plan.Timeouts.Create(ctx, defaultReviewTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	in, diags := iapProductInput(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in.Type = plan.Type.ValueString()
	p, err := r.catalog.CreateIAPProduct(ctx, in)
	var unknown *client.OutcomeUnknownError
	switch {
	case errors.As(err, &unknown):
		candidates, listErr := r.orphanCandidates(ctx, in)
		addCreateOutcomeUnknown(&resp.Diagnostics, iapProductOrphans, unknown, candidates, listErr)
		return
	case client.HasCode(err, client.CodeConflict):
		addClientError(&resp.Diagnostics, "Could not create the IAP product: the app's product cap is reached", err, nil)
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "Could not create the IAP product", err, iapProductFields)
		return
	}
	// The product exists from here on: nothing below may fail the create (catalog_outcome.go).
	r.settle(ctx, &resp.Diagnostics, &resp.State, plan, p, "create", limit)
}

// iapProductOrphans names products in the message of a create without an answer.
var iapProductOrphans = orphanKind{resourceType: "appsintoss_iap_product", noun: "IAP product", plural: "IAP products",
	listSource: "appsintoss_iap_products", idName: "productId", matching: "with exactly this configuration"}

// orphanCandidates lists the products whose reviewed content is exactly in (their exposure may
// have changed since): what a create without an answer may have registered (catalog_orphans.go).
func (r *iapProductResource) orphanCandidates(ctx context.Context, in client.IAPProductInput) ([]orphanCandidate, error) {
	all, err := r.catalog.ListIAPProducts(ctx)
	if err != nil {
		return nil, err
	}
	var found []orphanCandidate
	for _, p := range all {
		if sameIAPProductContent(in, p) {
			found = append(found, orphanCandidate{id: p.ProductID,
				about: fmt.Sprintf("%q (catalog %s, review %s)", p.Name, p.CatalogStatus, p.ReviewStatus)})
		}
	}
	return found, nil
}

// sameIAPProductContent reports whether product p has the type and reviewed fields of in.
func sameIAPProductContent(in client.IAPProductInput, p client.IAPProduct) bool {
	return in.Type == p.Type && in.Name == p.Name && in.Description == p.Description && in.Price == p.Price &&
		in.IconImgURL == p.IconImgURL && in.MinDeploymentID == p.MinDeploymentID && in.RenewalCycle == p.RenewalCycle &&
		slices.EqualFunc(in.DiscountPolicies, p.DiscountPolicies, func(a, b client.DiscountPolicy) bool {
			return a.Type == b.Type && a.Period == b.Period &&
				equalPointee(a.DurationMonths, b.DurationMonths) && equalPointee(a.DiscountedPrice, b.DiscountedPrice)
		})
}

// equalPointee compares two optional numbers: both absent, or both present and equal.
func equalPointee(a, b *int64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func (r *iapProductResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state iapProductResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := r.catalog.GetIAPProduct(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Could not read IAP product %q", state.ID.ValueString()), err, nil)
		return
	}
	resp.Diagnostics.Append(iapProductState(&state, p)...)
	warnIfRejected(&resp.Diagnostics, fmt.Sprintf("IAP product %q", p.ProductID), p.ReviewStatus, p.ReviewComment)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *iapProductResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior iapProductResourceModel
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
	var (
		p   *client.IAPProduct
		err error
	)
	switch {
	case iapProductChanged(plan, prior):
		in, diags := iapProductInput(ctx, plan)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		p, err = r.catalog.UpdateIAPProduct(ctx, id, in)
	case !plan.Exposed.Equal(prior.Exposed):
		p, err = r.catalog.GetIAPProduct(ctx, id) // the catalogue state to move from
	default:
		// Only wait_for_review, timeouts or the spelling of "no offers" changed: nothing to send.
		iapProductComputedFrom(&plan, prior)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if err != nil {
		// Nothing changed in Apps in Toss, and the framework keeps the prior state.
		addClientError(&resp.Diagnostics, fmt.Sprintf("Could not update IAP product %q", id), err, iapProductFields)
		return
	}
	r.settle(ctx, &resp.Diagnostics, &resp.State, plan, p, "update", limit)
}

// settle finishes a create or update once the product is written: it waits for the review when
// asked, brings the catalogue state in line with `exposed`, and records the plan with the
// computed values the API last showed. What goes wrong here is a warning (catalog_outcome.go).
func (r *iapProductResource) settle(ctx context.Context, diags *diag.Diagnostics, state *tfsdk.State, plan iapProductResourceModel, p *client.IAPProduct, operation string, limit time.Duration) {
	id := p.ProductID
	what := fmt.Sprintf("IAP product %q", id)
	waited := plan.WaitForReview.ValueBool() && p.ReviewStatus == client.ReviewInReview
	var waitErr error
	if waited {
		p, waitErr = waitForReview(ctx, p,
			func(ctx context.Context) (*client.IAPProduct, error) { return r.catalog.GetIAPProduct(ctx, id) },
			func(p *client.IAPProduct) string { return p.ReviewStatus })
	}
	if want := exposure(plan.Exposed.ValueBool()); waitErr == nil && currentExposure(p) != want {
		moved, err := r.catalog.SetIAPProductStatus(ctx, id, want)
		if err != nil {
			warnNotSettled(diags, fmt.Sprintf("Could not set %s to %s", what, want), err,
				fmt.Sprintf("The product is registered (catalog_status %q) and state records exposed = %t as "+
					"configured; the next plan shows its real catalogue state and apply tries again.",
					p.CatalogStatus, plan.Exposed.ValueBool()))
		} else {
			p = moved
		}
	}
	iapProductComputed(&plan, p)
	diags.Append(state.Set(ctx, &plan)...)
	if waited {
		warnReviewOutcome(diags, operation, what, p.ReviewStatus, p.ReviewComment, waitErr, limit)
	}
}

func exposure(exposed bool) string {
	if exposed {
		return client.CatalogActive
	}
	return client.CatalogInactive
}

// currentExposure is the catalogue state a product has (once registered) or will take on its
// first approval (postInspectionStatus, the console's 노출 여부).
func currentExposure(p *client.IAPProduct) string {
	if p.CatalogStatus == client.CatalogNotRegisteredYet {
		if p.PostInspectionStatus == "" {
			return client.CatalogActive // the contract's default
		}
		return p.PostInspectionStatus
	}
	return p.CatalogStatus
}

func (r *iapProductResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state iapProductResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	limit, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	_, err := r.catalog.DeactivateIAPProduct(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Could not deactivate IAP product %q", state.ID.ValueString()), err, nil)
	}
}

// ImportState takes a productId, e.g. `terraform import appsintoss_iap_product.gems 17`.
func (r *iapProductResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// iapProductInput is the request body for the configuration m; `exposed` travels as
// postInspectionStatus, the state the product takes on its first approval.
func iapProductInput(ctx context.Context, m iapProductResourceModel) (client.IAPProductInput, diag.Diagnostics) {
	in := client.IAPProductInput{
		Name:                 m.Name.ValueString(),
		Description:          m.Description.ValueString(),
		Price:                m.Price.ValueInt64(),
		IconImgURL:           m.IconURL.ValueString(),
		MinDeploymentID:      m.MinDeploymentID.ValueString(),
		PostInspectionStatus: exposure(m.Exposed.ValueBool()),
		RenewalCycle:         m.RenewalCycle.ValueString(),
	}
	if m.DiscountPolicies.IsNull() || m.DiscountPolicies.IsUnknown() {
		return in, nil
	}
	var policies []discountPolicyModel
	diags := m.DiscountPolicies.ElementsAs(ctx, &policies, false)
	for _, d := range policies {
		in.DiscountPolicies = append(in.DiscountPolicies, client.DiscountPolicy{
			Type:            d.Type.ValueString(),
			Period:          d.Period.ValueString(),
			DurationMonths:  d.DurationMonths.ValueInt64Pointer(),
			DiscountedPrice: d.DiscountedPrice.ValueInt64Pointer(),
		})
	}
	return in, diags
}

// iapProductChanged reports whether a field the API reviews differs between plan and state
// (`exposed` is not one of them: it goes through the status call).
func iapProductChanged(plan, prior iapProductResourceModel) bool {
	return !plan.Name.Equal(prior.Name) || !plan.Description.Equal(prior.Description) ||
		!plan.Price.Equal(prior.Price) || !plan.IconURL.Equal(prior.IconURL) ||
		!plan.MinDeploymentID.Equal(prior.MinDeploymentID) || !plan.RenewalCycle.Equal(prior.RenewalCycle) ||
		!sameDiscountPolicies(plan.DiscountPolicies, prior.DiscountPolicies)
}

// hasDiscountPolicies reports whether a configuration offers any discount: null and [] both
// mean none (an unknown list may hold some).
func hasDiscountPolicies(l types.List) bool {
	return l.IsUnknown() || len(l.Elements()) > 0
}

// sameDiscountPolicies compares two lists of offers as the API stores them: no offers is one
// value, whether written as null or as [].
func sameDiscountPolicies(a, b types.List) bool {
	if !hasDiscountPolicies(a) && !hasDiscountPolicies(b) {
		return true
	}
	return a.Equal(b)
}

// iapProductState copies what the API returned into m, for refresh and import. `exposed` is the
// real catalogue state once the product is registered (first approval); before that it keeps the
// configured value (or, after an import, the wish recorded as postInspectionStatus).
func iapProductState(m *iapProductResourceModel, p *client.IAPProduct) diag.Diagnostics {
	m.Type = types.StringValue(p.Type)
	m.Name = types.StringValue(p.Name)
	m.Description = stringOrNull(p.Description)
	m.Price = wholeNumberValue(p.Price)
	m.IconURL = stringOrNull(p.IconImgURL)
	m.MinDeploymentID = stringOrNull(p.MinDeploymentID)
	if p.CatalogStatus == client.CatalogNotRegisteredYet {
		m.Exposed = types.BoolValue(boolOr(m.Exposed, currentExposure(p) == client.CatalogActive))
	} else {
		m.Exposed = types.BoolValue(p.CatalogStatus == client.CatalogActive)
	}
	m.RenewalCycle = stringOrNull(p.RenewalCycle)
	m.WaitForReview = types.BoolValue(boolOr(m.WaitForReview, false))
	iapProductComputed(m, p)
	return iapDiscountPoliciesState(m, p)
}

// iapProductComputed copies the attributes Apps in Toss computes; create and update keep the
// planned value of every configured one.
func iapProductComputed(m *iapProductResourceModel, p *client.IAPProduct) {
	m.ID = types.StringValue(p.ProductID)
	m.ProductID = types.StringValue(p.ProductID)
	m.SKU = stringOrNull(p.SKU)
	m.GrossPrice = types.Int64Value(p.GrossPriceOrComputed())
	m.CatalogStatus = types.StringValue(p.CatalogStatus)
	m.ReviewStatus = types.StringValue(p.ReviewStatus)
	m.ReviewComment = stringOrNull(p.ReviewComment)
}

// iapProductComputedFrom is iapProductComputed from the prior state, for an update that calls
// nothing.
func iapProductComputedFrom(m *iapProductResourceModel, prior iapProductResourceModel) {
	m.ID, m.ProductID, m.SKU, m.GrossPrice = prior.ID, prior.ProductID, prior.SKU, prior.GrossPrice
	m.CatalogStatus, m.ReviewStatus, m.ReviewComment = prior.CatalogStatus, prior.ReviewStatus, prior.ReviewComment
}

// iapDiscountPoliciesState copies the product's offers into m.
func iapDiscountPoliciesState(m *iapProductResourceModel, p *client.IAPProduct) diag.Diagnostics {
	objType := types.ObjectType{AttrTypes: discountPolicyAttrTypes}
	if len(p.DiscountPolicies) == 0 {
		// No offers: keep the form the configuration used ([] or null), both mean none.
		if m.DiscountPolicies.IsNull() || m.DiscountPolicies.IsUnknown() || len(m.DiscountPolicies.Elements()) > 0 {
			m.DiscountPolicies = types.ListNull(objType)
		}
		return nil
	}
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(p.DiscountPolicies))
	for _, d := range p.DiscountPolicies {
		obj, ds := types.ObjectValue(discountPolicyAttrTypes, map[string]attr.Value{
			"type":             types.StringValue(d.Type),
			"period":           stringOrNull(d.Period),
			"duration_months":  wholeNumberPointerValue(d.DurationMonths),
			"discounted_price": wholeNumberPointerValue(d.DiscountedPrice),
		})
		diags.Append(ds...)
		elems = append(elems, obj)
	}
	list, ds := types.ListValue(objType, elems)
	diags.Append(ds...)
	m.DiscountPolicies = list
	return diags
}
