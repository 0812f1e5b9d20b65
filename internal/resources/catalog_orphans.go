package resources

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// Creates whose answer never arrived. Every retry of a create reuses one Idempotency-Key, so one
// apply never registers an entity twice. But when the apply itself ends without recording the
// answer — the retries ran out with no answer, or the provider was killed (kill -9, a lost CI
// runner) between the POST and Terraform saving state — the entity may exist without being in
// state, and the next apply creates a second one. A push template cannot be duplicated (its code
// is unique: the second create is 409 CONFLICT, which names the import); a promotion or an IAP
// product can.
//
// The provider does not adopt such an orphan by itself. The contract records neither when nor
// by whom an entity was created, so "same content" is all it could go by, and on a live account
// that can be a promotion a colleague registered by hand, spending real points: taking it over
// (and later ending it on destroy) is worse than a visible duplicate. Instead, a create without
// an answer lists the entities with exactly the configured content, with the import commands
// for them, and the docs say how to find one after a killed run.

// orphanCandidate is an entity that matches a create whose answer was lost.
type orphanCandidate struct {
	id string
	// about describes it for a person choosing, e.g. `"출석 체크" (status READY, review IN_REVIEW)`.
	about string
}

// orphanKind names what a resource creates, for the messages.
type orphanKind struct {
	resourceType string // appsintoss_promotion
	noun         string // promotion
	plural       string // promotions
	listSource   string // appsintoss_promotions, the data source that lists them
	idName       string // promotionCode, what the import takes
	// matching says how the candidates were chosen, e.g. "with exactly this configuration".
	matching string
}

// addCreateOutcomeUnknown reports a create whose answer never arrived, with the candidates the
// provider found (listErr when it could not look).
func addCreateOutcomeUnknown(diags *diag.Diagnostics, kind orphanKind, err *client.OutcomeUnknownError, candidates []orphanCandidate, listErr error) {
	var b strings.Builder
	fmt.Fprintf(&b, "The create request was sent, but no answer arrived after %d attempts (%v).\n\n"+
		"Apps in Toss may have created the %s anyway; Terraform does not know about it, and applying again "+
		"creates another one. ", err.Attempts, err.Err, kind.noun)
	switch {
	case listErr != nil:
		fmt.Fprintf(&b, "The provider could not list the %s to look for it:\n\n%s\n\nLook for it in the console, "+
			"or with the `%s` data source, and bring it under management instead of creating a duplicate:\n\n"+
			"    terraform import %s.<name> <%s>", kind.plural, clientErrorDetail(listErr), kind.listSource,
			kind.resourceType, kind.idName)
	case len(candidates) == 0:
		fmt.Fprintf(&b, "No %s %s exists now, so the request most likely did not take effect: applying again "+
			"creates it once.", kind.noun, kind.matching)
	default:
		fmt.Fprintf(&b, "%s %s; any of them may be the one this apply created (check them in the console). To "+
			"manage it with Terraform instead of creating a duplicate, import it:\n",
			countOf(len(candidates), kind.noun, kind.plural), kind.matching)
		for _, c := range candidates {
			fmt.Fprintf(&b, "\n    # %s\n    terraform import %s.<name> %s\n", c.about, kind.resourceType, c.id)
		}
		fmt.Fprintf(&b, "\nor, with Terraform 1.5 and later, add an import block and apply:\n\n"+
			"    import {\n      to = %s.<name>\n      id = %q\n    }\n\n"+
			"where <name> is the resource's name in your configuration.", kind.resourceType, candidates[0].id)
	}
	diags.AddError(fmt.Sprintf("Could not create the %s: no answer", kind.noun), b.String())
}

// countOf is "1 promotion" or "2 promotions", as a sentence starts: "Apps in Toss has …".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "Apps in Toss has 1 " + one
	}
	return fmt.Sprintf("Apps in Toss has %d %s", n, many)
}
