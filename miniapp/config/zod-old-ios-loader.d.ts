declare function zodOldIosLoader(source: string): string
export = zodOldIosLoader
