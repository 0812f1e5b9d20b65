package resources

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// ProviderData is what the provider's Configure hands to every resource, data source and
// ephemeral resource: the one mTLS client, which serves the runtime API (login, Toss Pay, IAP
// orders), and the road to the catalog (push templates, promotions, IAP products) — that same
// client speaking the catalog contract, or the console gateway. Catalog resources take only the
// Catalog and never learn which road it is.
type ProviderData struct {
	Client  *client.Client
	Catalog client.Catalog
	// AppName is the mini-app the provider manages: its client certificate's common name.
	AppName string
}

// providerData extracts the ProviderData that Terraform hands to every Configure. Nil is normal
// early in validation: the caller simply waits for the next Configure.
func providerData(data any, diags *diag.Diagnostics) *ProviderData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *resources.ProviderData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
}

// sharedClient is the provider's one mTLS client, for the runtime API; nil before Configure.
func sharedClient(data any, diags *diag.Diagnostics) *client.Client {
	if pd := providerData(data, diags); pd != nil {
		return pd.Client
	}
	return nil
}

// sharedCatalog is the provider's road to the catalog; nil before Configure.
func sharedCatalog(data any, diags *diag.Diagnostics) client.Catalog {
	if pd := providerData(data, diags); pd != nil {
		return pd.Catalog
	}
	return nil
}

// clientConfigured reports whether Configure delivered the shared client. Terraform configures
// the provider before any read, so a missing client means the provider block failed or is absent.
func clientConfigured(c *client.Client, diags *diag.Diagnostics) bool {
	return configured(c != nil, diags)
}

// catalogConfigured is clientConfigured for the catalog's road.
func catalogConfigured(c client.Catalog, diags *diag.Diagnostics) bool {
	return configured(c != nil, diags)
}

func configured(ok bool, diags *diag.Diagnostics) bool {
	if !ok {
		diags.AddError("Provider not configured",
			"The provider's client is missing: check the provider \"appsintoss\" block and its errors above.")
	}
	return ok
}
