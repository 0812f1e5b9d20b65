package resources

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// sharedClient extracts the provider's one client from the ProviderData that Terraform hands to
// every Configure. Nil ProviderData is normal early in validation: the caller simply waits for
// the next Configure.
func sharedClient(providerData any, diags *diag.Diagnostics) *client.Client {
	if providerData == nil {
		return nil
	}
	c, ok := providerData.(*client.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *client.Client, got %T. This is a bug in the provider; please report it.", providerData))
		return nil
	}
	return c
}

// clientConfigured reports whether Configure delivered the shared client. Terraform configures
// the provider before any read, so a missing client means the provider block failed or is absent.
func clientConfigured(c *client.Client, diags *diag.Diagnostics) bool {
	if c == nil {
		diags.AddError("Provider not configured",
			"The provider's client is missing: check the provider \"appsintoss\" block and its errors above.")
		return false
	}
	return true
}
