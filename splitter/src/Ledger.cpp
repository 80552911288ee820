#include "Ledger.h"

#include "Codec.h"
#include "LedgerTemplates.h"
#include "Template.h"

namespace splitdriver::splitter {
namespace {

// A resource rule's C over the held entry ($obj, $arg).
std::string heldExpression(const std::string &expr) {
  std::string out;
  for (size_t i = 0; i < expr.size(); ++i) {
    if (expr.compare(i, 4, "$obj") == 0) {
      out += "h->obj";
      i += 3;
    } else if (expr.compare(i, 4, "$arg") == 0) {
      out += "h->arg";
      i += 3;
    } else {
      out += expr[i];
    }
  }
  return out;
}

std::string eachResource(const std::string &driver, const Plan &plan, const char *fragment) {
  std::string out;
  for (const analyzer::ResourceRule &r : plan.resources)
    out += renderTemplate(fragment, {{"driver", driver}, {"DRIVER", upper(driver)}, {"kind", r.kind}});
  return out;
}

std::string quiesces(const std::string &driver, const Plan &plan) {
  std::string out;
  for (const analyzer::ResourceRule &r : plan.resources)
    if (!r.quiesce.empty())
      out += renderTemplate(
          templates::kLedgerQuiesce,
          {{"driver", driver},
           {"DRIVER", upper(driver)},
           {"kind", r.kind},
           {"quiesce", heldExpression(r.quiesce)},
           {"drop", r.quiesceReleases
                        ? renderTemplate(templates::kLedgerQuiesceDrop, {{"driver", driver}})
                        : ""}});
  return out;
}

// One line for the log, with the count of each kind quiesced.
std::string quiesceReport(const std::string &driver, const Plan &plan) {
  std::string format, counts, any;
  for (const analyzer::ResourceRule &r : plan.resources) {
    if (r.quiesce.empty())
      continue;
    std::string count = "quiesced[" + upper(driver) + "_RES_" + r.kind + "]";
    format += (format.empty() ? "" : ", ") + std::string("%u ") + r.quiesceLabel;
    counts += ", " + count;
    any += (any.empty() ? "" : " || ") + count;
  }
  if (format.empty())
    return "\t(void)quiesced;\n";
  return "\tif (" + any + ")\n\t\tpr_warn(\"%s: the user half is gone: " + format +
         "\\n\",\n\t\t\tKBUILD_MODNAME" + counts + ");\n";
}

}  // namespace

std::string ledgerKinds(const std::string &driver, const Plan &plan) {
  return renderTemplate(templates::kLedgerKinds,
                        {{"driver", driver},
                         {"DRIVER", upper(driver)},
                         {"kinds", eachResource(driver, plan, templates::kLedgerKind)}});
}

std::string ledgerGlue(const std::string &driver, const Plan &plan) {
  const std::string DRIVER = upper(driver);
  std::string owners, releases, keyed;
  for (const analyzer::ResourceRule &r : plan.resources) {
    TemplateValues values{{"driver", driver}, {"DRIVER", DRIVER}, {"kind", r.kind}};
    if (r.ownerVia.empty()) {
      values["owner"] = heldExpression(r.owner);
      owners += renderTemplate(templates::kLedgerOwner, values);
    } else {
      values["via"] = r.ownerVia;
      owners += renderTemplate(templates::kLedgerOwnerVia, values);
    }
    values["release"] = heldExpression(r.release);
    releases += renderTemplate(templates::kLedgerRelease, values);
    if (r.keyed)
      keyed += renderTemplate(templates::kLedgerKeyed, values);
  }
  return renderTemplate(templates::kLedgerDecls, {{"driver", driver}}) + "\n" +
         renderTemplate(templates::kLedger,
                        {{"driver", driver},
                         {"DRIVER", DRIVER},
                         {"names", eachResource(driver, plan, templates::kLedgerName)},
                         {"keyed", keyed},
                         {"owners", owners},
                         {"releases", releases},
                         {"quiesces", quiesces(driver, plan)},
                         {"report", quiesceReport(driver, plan)}});
}

std::string ledgerHook(const std::string &driver, const PlannedKernelCall &k) {
  if (!k.ledger)
    return "";
  const analyzer::LedgerRule &rule = *k.ledger;
  std::string call = "\t" + driver + "_split_ledger_" + (rule.acquire ? "add" : "forget") + "(" +
                     upper(driver) + "_RES_" + rule.kind + ", (void *)(uintptr_t)" +
                     callExpression(rule.object, k) + ", (uint64_t)(uintptr_t)" +
                     callExpression(rule.argument, k) + ");\n";
  if (rule.condition.empty())
    return call;
  return "\tif (" + callExpression(rule.condition, k) + ")\n\t" + call;
}

std::string mmioHandlerBody(const std::string &driver, const PlannedKernelCall &k,
                            const std::string &call) {
  std::string body = "\tvoid __iomem *sd_kaddr = " + call + ";\n\n";
  if (k.effect == KernelCallEffect::MapPhys)
    return body + "\t*ret = " + driver + "_split_phys_region((phys_addr_t)" +
           callExpression(k.mmio.phys, k) + ", sd_kaddr);\n";
  return body + "\t*ret = " + driver + "_split_mmio_region(" + callExpression(k.mmio.device, k) +
         ", &(" + callExpression(k.mmio.resources, k) + ")[" + callExpression(k.mmio.index, k) +
         "], " + callExpression(k.mmio.index, k) + ", sd_kaddr);\n";
}

}  // namespace splitdriver::splitter
