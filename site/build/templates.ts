import * as fs from "node:fs";
import * as path from "node:path";
import Handlebars from "handlebars";

/** The site's Handlebars templates (site/templates/*.hbs) and partials (partials/*.hbs), compiled once. */
export class Templates {
  private readonly hb = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly partials = new Map<string, Handlebars.TemplateDelegate>();

  constructor(dir: string) {
    const partials = path.join(dir, "partials");
    for (const name of fs.readdirSync(partials).filter((f) => f.endsWith(".hbs"))) {
      this.hb.registerPartial(name.slice(0, -4), fs.readFileSync(path.join(partials, name), "utf8"));
    }
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".hbs"))) {
      this.pages.set(
        name.slice(0, -4),
        this.hb.compile(fs.readFileSync(path.join(dir, name), "utf8"), { strict: true }),
      );
    }
  }

  render(name: string, data: object): string {
    const template = this.pages.get(name);
    if (!template) throw new Error(`no template ${name}.hbs`);
    return template(data);
  }

  partial(name: string, data: object): string {
    let template = this.partials.get(name);
    if (!template) {
      template = this.hb.compile(`{{> ${name}}}`, { strict: true });
      this.partials.set(name, template);
    }
    return template(data);
  }
}
