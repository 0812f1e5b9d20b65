package resources

import "github.com/hashicorp/terraform-plugin-framework/resource"

// Resources lists the provider's resources.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewPushTemplateResource,
		NewPromotionResource,
		NewIAPProductResource,
	}
}
