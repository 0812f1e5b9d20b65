// Package resources holds every resource, data source and ephemeral resource of the provider,
// one file each. They receive the provider's one shared *client.Client in Configure and call its
// typed methods; none of them builds HTTP requests or touches TLS.
package resources

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Resources lists the provider's resources.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{}
}

// DataSources lists the provider's data sources.
func DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClientCertificateDataSource,
	}
}

// EphemeralResources lists the provider's ephemeral resources.
func EphemeralResources() []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{}
}
