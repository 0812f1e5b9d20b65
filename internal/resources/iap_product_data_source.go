package resources

import (
	"context"
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
	_ datasource.DataSourceWithConfigure        = (*iapProductDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*iapProductDataSource)(nil)
)

// NewIAPProductDataSource looks up one in-app purchase product of the catalog by product id or
// sku.
func NewIAPProductDataSource() datasource.DataSource {
	return &iapProductDataSource{}
}

type iapProductDataSource struct {
	catalog client.Catalog
}

// iapProductValues is a product as the lookups expose it: the model of appsintoss_iap_product and
// one element of appsintoss_iap_products.
type iapProductValues struct {
	ProductID            types.String `tfsdk:"product_id"`
	SKU                  types.String `tfsdk:"sku"`
	Type                 types.String `tfsdk:"type"`
	Name                 types.String `tfsdk:"name"`
	Description          types.String `tfsdk:"description"`
	Price                types.Int64  `tfsdk:"price"`
	GrossPrice           types.Int64  `tfsdk:"gross_price"`
	IconImgURL           types.String `tfsdk:"icon_img_url"`
	MinDeploymentID      types.String `tfsdk:"min_deployment_id"`
	PostInspectionStatus types.String `tfsdk:"post_inspection_status"`
	RenewalCycle         types.String `tfsdk:"renewal_cycle"`
	DiscountPolicies     types.List   `tfsdk:"discount_policies"`
	CatalogStatus        types.String `tfsdk:"catalog_status"`
	ReviewStatus         types.String `tfsdk:"review_status"`
	ReviewComment        types.String `tfsdk:"review_comment"`
}

type discountPolicyValues struct {
	Type            types.String `tfsdk:"type"`
	Period          types.String `tfsdk:"period"`
	DurationMonths  types.Int64  `tfsdk:"duration_months"`
	DiscountedPrice types.Int64  `tfsdk:"discounted_price"`
}

func iapProductValuesOf(ctx context.Context, p client.IAPProduct, diags *diag.Diagnostics) iapProductValues {
	policies := make([]discountPolicyValues, 0, len(p.DiscountPolicies))
	for _, dp := range p.DiscountPolicies {
		policies = append(policies, discountPolicyValues{Type: types.StringValue(dp.Type), Period: stringOrNull(dp.Period),
			DurationMonths: types.Int64PointerValue(dp.DurationMonths), DiscountedPrice: types.Int64PointerValue(dp.DiscountedPrice)})
	}
	elemType := types.ObjectType{AttrTypes: objectAttrTypes(discountPolicyAttributes())}
	list, d := types.ListValueFrom(ctx, elemType, policies)
	diags.Append(d...)
	return iapProductValues{
		ProductID: types.StringValue(p.ProductID), SKU: stringOrNull(p.SKU), Type: types.StringValue(p.Type),
		Name: types.StringValue(p.Name), Description: stringOrNull(p.Description), Price: types.Int64Value(p.Price),
		GrossPrice: types.Int64Value(p.GrossPriceOrComputed()), IconImgURL: stringOrNull(p.IconImgURL),
		MinDeploymentID: stringOrNull(p.MinDeploymentID), PostInspectionStatus: stringOrNull(p.PostInspectionStatus),
		RenewalCycle: stringOrNull(p.RenewalCycle), DiscountPolicies: list, CatalogStatus: types.StringValue(p.CatalogStatus),
		ReviewStatus: types.StringValue(p.ReviewStatus), ReviewComment: stringOrNull(p.ReviewComment),
	}
}

const (
	iapProductIDDesc = "The product id the server assigned."
	iapSKUDesc       = "The store sku the SDK and `get-order-status` use (server format, e.g. `ait.0000010000.af647449.3bd55cfd00.0000000475`); null until assigned."
)

func discountPolicyAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"type":             schema.StringAttribute{Computed: true, MarkdownDescription: "`FREE_TRIAL`, `NEW_SUBSCRIPTION` or `RETURNING`."},
		"period":           schema.StringAttribute{Computed: true, MarkdownDescription: "Free-trial length (`THREE_DAYS`, `ONE_WEEK`, `TWO_WEEKS`, `ONE_MONTH`); null for the other types."},
		"duration_months":  schema.Int64Attribute{Computed: true, MarkdownDescription: "Months the discount lasts (1–12); null for `FREE_TRIAL`."},
		"discounted_price": schema.Int64Attribute{Computed: true, MarkdownDescription: "Discounted net price in KRW; null for `FREE_TRIAL`."},
	}
}

func iapProductComputedAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	num := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"product_id":             str(iapProductIDDesc),
		"sku":                    str(iapSKUDesc),
		"type":                   str("`CONSUMABLE` (소모품), `NON_CONSUMABLE` (비소모품) or `SUBSCRIPTION` (자동 갱신 구독)."),
		"name":                   str("Product name shown to users (at most 30 characters)."),
		"description":            str("Description for reviewers, not shown to users (at most 45 characters); null when none."),
		"price":                  num("Net (supply) price in KRW, VAT excluded: 400–1,400,000 in steps of 10."),
		"gross_price":            num("Sale price in KRW: `price` plus 10% VAT."),
		"icon_img_url":           str("Product image URL (1024×1024); null when none."),
		"min_deployment_id":      str("The approved bundle deployment from which the product is sold; null when none."),
		"post_inspection_status": str("Catalog state the product takes on first approval: `ACTIVE` or `INACTIVE`."),
		"renewal_cycle":          str("`WEEKLY`, `MONTHLY` or `YEARLY` for subscriptions; null otherwise."),
		"discount_policies": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "Subscription offers; empty for other types.",
			NestedObject:        schema.NestedAttributeObject{Attributes: discountPolicyAttributes()},
		},
		"catalog_status": str("`NOT_REGISTERED_YET` (never approved), `ACTIVE` (shown) or `INACTIVE` (hidden; also what deleting leaves)."),
		"review_status":  str(reviewStatusDesc),
		"review_comment": str(reviewCommentDesc),
	}
}

var productIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func (d *iapProductDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_iap_product"
}

func (d *iapProductDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := iapProductComputedAttributes()
	attrs["product_id"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: iapProductIDDesc + " Exactly one of `product_id` and `sku` is required.",
		Validators: []validator.String{stringvalidator.RegexMatches(productIDPattern,
			"must be 1 to 64 letters, digits, '.', '_' or '-'")},
	}
	attrs["sku"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: iapSKUDesc + " Exactly one of `product_id` and `sku` is required.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one in-app purchase product of the mini-app's catalog by `product_id` or " +
			"`sku` — for wiring a product created in the console into other configuration (e.g. its `sku` into " +
			"the app's settings). Inactive products are still found; a product that does not exist is an error.",
		Attributes: attrs,
	}
}

func (d *iapProductDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("product_id"), path.MatchRoot("sku")),
	}
}

func (d *iapProductDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.catalog = sharedCatalog(req.ProviderData, &resp.Diagnostics)
}

func (d *iapProductDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !catalogConfigured(d.catalog, &resp.Diagnostics) {
		return
	}
	var data iapProductValues
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var found *client.IAPProduct
	if !data.ProductID.IsNull() {
		id := data.ProductID.ValueString()
		p, err := d.catalog.GetIAPProduct(ctx, id)
		if err != nil {
			catalogLookupError(&resp.Diagnostics, path.Root("product_id"), "IAP product", "product_id", id,
				"List the app's products with the appsintoss_iap_products data source.", err)
			return
		}
		found = p
	} else {
		sku := data.SKU.ValueString()
		all, err := d.catalog.ListIAPProducts(ctx)
		if err != nil {
			catalogListError(&resp.Diagnostics, "IAP products", err)
			return
		}
		for i := range all {
			if all[i].SKU == sku {
				found = &all[i]
				break
			}
		}
		if found == nil {
			resp.Diagnostics.AddAttributeError(path.Root("sku"), "IAP product not found",
				fmt.Sprintf("The mini-app has no in-app purchase product with sku %q (%d products listed). Check the sku "+
					"(a product gets one when it is registered), and that the provider's client certificate belongs to "+
					"the mini-app that owns it.", sku, len(all)))
			return
		}
	}
	values := iapProductValuesOf(ctx, *found, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, values)...)
}
