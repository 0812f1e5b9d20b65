package resources

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// The acceptance tests see a create without an answer whose candidates the provider could list.
// The other two outcomes of the search are checked here: nothing matches, and the list itself
// fails.
func TestAddCreateOutcomeUnknown_saysWhatToDoWhenNothingWasFoundOrTheSearchFailed(t *testing.T) {
	unknown := &client.OutcomeUnknownError{Attempts: 3, Err: errors.New("connection reset by peer")}
	for _, tc := range []struct {
		name    string
		listErr error
		want    []string
	}{
		{
			name: "nothing matches",
			want: []string{"no answer arrived after 3 attempts (connection reset by peer)",
				"No promotion with exactly this configuration exists now", "applying again creates it once"},
		},
		{
			name:    "the list fails",
			listErr: errors.New("GET /api-partner/v1/apps-in-toss/catalog/promotions: timeout"),
			want: []string{"could not list the promotions to look for it", "catalog/promotions: timeout",
				"`appsintoss_promotions` data source", "terraform import appsintoss_promotion.<name> <promotionCode>"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			addCreateOutcomeUnknown(&diags, promotionOrphans, unknown, nil, tc.listErr)
			if len(diags) != 1 || diags[0].Summary() != "Could not create the promotion: no answer" {
				t.Fatalf("diagnostics: %v", diags)
			}
			for _, want := range tc.want {
				if !strings.Contains(diags[0].Detail(), want) {
					t.Errorf("detail lacks %q:\n%s", want, diags[0].Detail())
				}
			}
		})
	}
}
