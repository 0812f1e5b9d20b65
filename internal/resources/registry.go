// Package resources holds every resource, data source and ephemeral resource of the provider,
// one file each. They receive the provider's one shared *client.Client in Configure and call its
// typed methods; none of them builds HTTP requests or touches TLS.
//
// The lists the provider serves are in resources_list.go, data_sources_list.go and
// ephemeral_resources_list.go.
package resources
