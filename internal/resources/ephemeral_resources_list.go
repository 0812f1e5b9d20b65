package resources

import "github.com/hashicorp/terraform-plugin-framework/ephemeral"

// EphemeralResources lists the provider's ephemeral resources.
func EphemeralResources() []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewLoginSessionEphemeralResource,
	}
}
