package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*iapProductsDataSource)(nil)

// NewIAPProductsDataSource lists the in-app purchase products of the catalog, optionally by
// review state, catalog state and type.
func NewIAPProductsDataSource() datasource.DataSource {
	return &iapProductsDataSource{}
}

type iapProductsDataSource struct {
	catalog client.Catalog
}

type iapProductsModel struct {
	ReviewStatus  types.String `tfsdk:"review_status"`
	CatalogStatus types.String `tfsdk:"catalog_status"`
	Type          types.String `tfsdk:"type"`
	Products      types.List   `tfsdk:"products"`
}

func (d *iapProductsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_iap_products"
}

func (d *iapProductsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the in-app purchase products of the mini-app's catalog, inactive ones included, " +
			"in the server's order; optionally only those matching every filter given.",
		Attributes: map[string]schema.Attribute{
			"review_status": reviewStatusFilter(),
			"catalog_status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only products in this catalog state: `NOT_REGISTERED_YET`, `ACTIVE` or `INACTIVE`. Default: all.",
				Validators: []validator.String{stringvalidator.OneOf(client.CatalogNotRegisteredYet, client.CatalogActive,
					client.CatalogInactive)},
			},
			"type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only products of this type: `CONSUMABLE`, `NON_CONSUMABLE` or `SUBSCRIPTION`. Default: all.",
				Validators: []validator.String{stringvalidator.OneOf(client.IAPConsumable, client.IAPNonConsumable,
					client.IAPSubscription)},
			},
			"products": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching products (an empty list when none match).",
				NestedObject:        schema.NestedAttributeObject{Attributes: iapProductComputedAttributes()},
			},
		},
	}
}

func (d *iapProductsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.catalog = sharedCatalog(req.ProviderData, &resp.Diagnostics)
}

func (d *iapProductsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !catalogConfigured(d.catalog, &resp.Diagnostics) {
		return
	}
	var data iapProductsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.catalog.ListIAPProducts(ctx)
	if err != nil {
		catalogListError(&resp.Diagnostics, "IAP products", err)
		return
	}
	values := make([]iapProductValues, 0, len(all))
	for _, p := range all {
		if matches(data.ReviewStatus, p.ReviewStatus) && matches(data.CatalogStatus, p.CatalogStatus) && matches(data.Type, p.Type) {
			values = append(values, iapProductValuesOf(ctx, p, &resp.Diagnostics))
		}
	}
	list, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: objectAttrTypes(iapProductComputedAttributes())}, values)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data.Products = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
