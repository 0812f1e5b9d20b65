package resources

import "github.com/hashicorp/terraform-plugin-framework/datasource"

// DataSources lists the provider's data sources.
func DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClientCertificateDataSource,

		// Runtime state (partner API).
		NewLoginUserDataSource,
		NewPaymentDataSource,
		NewIAPOrderDataSource,

		// Catalog lookups.
		NewPushTemplateDataSource,
		NewPushTemplatesDataSource,
		NewPromotionDataSource,
		NewPromotionsDataSource,
		NewIAPProductDataSource,
		NewIAPProductsDataSource,
	}
}
